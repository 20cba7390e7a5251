import type { QueryField } from '../query.js';
import type { QuickbooksAccount } from './types.js';

/** The Account properties `/query` filters and orders on. */
export const ACCOUNT_QUERY_FIELDS: readonly QueryField<QuickbooksAccount>[] = [
  { name: 'Id', kind: 'number', get: (a) => Number(a.Id) },
  { name: 'Name', kind: 'string', get: (a) => a.Name },
  { name: 'FullyQualifiedName', kind: 'string', get: (a) => a.FullyQualifiedName },
  { name: 'AcctNum', kind: 'string', get: (a) => a.AcctNum },
  { name: 'Description', kind: 'string', get: (a) => a.Description },
  { name: 'AccountType', kind: 'string', get: (a) => a.AccountType },
  { name: 'AccountSubType', kind: 'string', get: (a) => a.AccountSubType },
  { name: 'Classification', kind: 'string', get: (a) => a.Classification },
  { name: 'Active', kind: 'boolean', get: (a) => a.Active },
  { name: 'SubAccount', kind: 'boolean', get: (a) => a.SubAccount },
  { name: 'ParentRef', kind: 'number', get: (a) => (a.ParentRef ? Number(a.ParentRef.value) : undefined) },
  { name: 'CurrentBalance', kind: 'number', get: (a) => Number(a.CurrentBalance.source) },
  { name: 'CurrentBalanceWithSubAccounts', kind: 'number', get: (a) => Number(a.CurrentBalanceWithSubAccounts.source) },
  { name: 'MetaData.CreateTime', kind: 'date', get: (a) => Date.parse(a.MetaData.CreateTime) },
  { name: 'MetaData.LastUpdatedTime', kind: 'date', get: (a) => Date.parse(a.MetaData.LastUpdatedTime) },
];
