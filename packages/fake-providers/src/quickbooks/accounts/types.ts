import type { JsonNumber } from '@ledgersync/unified';

/** An Account as QuickBooks returns it. */
export interface QuickbooksAccount {
  Name: string;
  SubAccount: boolean;
  ParentRef?: { value: string };
  FullyQualifiedName: string;
  Active: boolean;
  Classification?: string;
  AccountType: string;
  AccountSubType?: string;
  AcctNum?: string;
  Description?: string;
  CurrentBalance: JsonNumber;
  CurrentBalanceWithSubAccounts: JsonNumber;
  CurrencyRef: { value: string; name: string };
  domain: 'QBO';
  sparse: false;
  Id: string;
  SyncToken: string;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
}
