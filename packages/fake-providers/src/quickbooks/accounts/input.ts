import { JsonNumber } from '@ledgersync/unified';
import { accountTypeForSubType, accountTypeInfo } from './account-types.js';
import { amountCents } from '../amounts.js';
import type { CompanyFacts } from '../company.js';
import type { AccountTypeInfo } from './account-types.js';
import {
  businessValidation,
  invalidEnumeration,
  requiredParamMissing,
  stringTooLong,
  unsupportedProperty,
} from '../faults.js';

/** A create request after schema, enumeration and length checks; references are checked by the store. */
export interface AccountInput {
  name: string;
  accountType: string;
  typeInfo: AccountTypeInfo;
  accountSubType: string | undefined;
  acctNum: string | undefined;
  description: string | undefined;
  parentId: string | undefined;
  currency: string | undefined;
  /** In cents: QuickBooks keeps two decimals (amounts.ts). */
  openingBalance: bigint | undefined;
}

// Writable properties of Intuit's Account schema. Locale-specific ones (TaxCodeRef, AccountAlias,
// TxnLocationType) are accepted and ignored: the fake models a US company.
export const WRITABLE = new Set([
  'Name', 'AccountType', 'AccountSubType', 'AcctNum', 'Description', 'Active', 'ParentRef', 'SubAccount', 'CurrencyRef',
  'OpeningBalance', 'OpeningBalanceDate', 'TaxCodeRef', 'AccountAlias', 'TxnLocationType',
]);
// System-defined properties QuickBooks accepts on input and ignores.
export const READ_ONLY = new Set([
  'Id', 'SyncToken', 'MetaData', 'FullyQualifiedName', 'Classification', 'CurrentBalance', 'CurrentBalanceWithSubAccounts',
  'domain', 'sparse',
]);

export const MAX_NAME = 100;
export const MAX_DESCRIPTION = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Intuit's JSON binding coerces scalars into string fields, so 1000 is a valid AcctNum.
function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  throw unsupportedProperty(`failed to parse json object; a property specified is unsupported or invalid`, key);
}

function booleanField(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw unsupportedProperty(`failed to parse json object; a property specified is unsupported or invalid`, key);
}

/** An amount QuickBooks takes (amounts.ts), in cents: a JSON number, or its digits as a string. */
function amountField(body: Record<string, unknown>, key: string): bigint | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const cents =
    typeof value === 'number' || value instanceof JsonNumber || (typeof value === 'string' && value.trim() !== '')
      ? amountCents(typeof value === 'string' ? new JsonNumber(value.trim()) : value)
      : null;
  if (cents === null) throw unsupportedProperty(`failed to parse json object; a property specified is unsupported or invalid`, key);
  return cents;
}

function refValue(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    throw unsupportedProperty(`failed to parse json object; a property specified is unsupported or invalid`, key);
  }
  const ref = value.value;
  if (typeof ref === 'string' && ref.trim() !== '') return ref.trim();
  if (typeof ref === 'number' && Number.isFinite(ref)) return String(ref);
  throw requiredParamMissing(`${key}.value`);
}

/**
 * Checks a create body the way QuickBooks does before touching the company: the shape (2010),
 * required fields (2020), lengths (2050; AcctNum's by the company's country), enumerations (2170),
 * the forbidden characters, and no account created inactive.
 */
export function parseAccountInput(body: unknown, company: CompanyFacts): AccountInput {
  if (!isRecord(body)) {
    throw unsupportedProperty('failed to parse json object; a property specified is unsupported or invalid');
  }
  for (const key of Object.keys(body)) {
    if (!WRITABLE.has(key) && !READ_ONLY.has(key)) {
      throw unsupportedProperty(`Unrecognized field "${key}" specified is unsupported or invalid`, key);
    }
  }

  const rawName = stringField(body, 'Name');
  const name = rawName?.trim();
  if (name === undefined || name === '') throw requiredParamMissing('Name');
  if (name.length > MAX_NAME) throw stringTooLong('Name', MAX_NAME, name.length);
  if (name.includes(':') || name.includes('"')) {
    throw businessValidation('Account.Name must not contain double quotes (") or colon (:).', 'Name');
  }

  const acctNum = stringField(body, 'AcctNum')?.trim() || undefined;
  if (acctNum !== undefined) {
    if (acctNum.length > company.acctNumMax) throw stringTooLong('AcctNum', company.acctNumMax, acctNum.length);
    if (acctNum.includes(':')) throw businessValidation('Account.AcctNum must not contain colon (:).', 'AcctNum');
  }

  const description = stringField(body, 'Description');
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw stringTooLong('Description', MAX_DESCRIPTION, description.length);
  }

  const requestedType = stringField(body, 'AccountType');
  const requestedSubType = stringField(body, 'AccountSubType');
  let accountType: string;
  if (requestedType !== undefined) {
    accountType = requestedType;
  } else if (requestedSubType !== undefined) {
    const inferred = accountTypeForSubType(requestedSubType);
    if (inferred === undefined) throw invalidEnumeration('AccountSubType', requestedSubType);
    accountType = inferred;
  } else {
    throw requiredParamMissing('AccountType');
  }
  const typeInfo = accountTypeInfo(accountType);
  if (typeInfo === undefined) throw invalidEnumeration('AccountType', accountType);
  if (requestedSubType !== undefined && !typeInfo.subTypes.has(requestedSubType)) {
    throw invalidEnumeration('AccountSubType', requestedSubType);
  }

  const parentId = refValue(body, 'ParentRef');
  const subAccount = booleanField(body, 'SubAccount');
  if (subAccount === true && parentId === undefined) throw requiredParamMissing('ParentRef');

  const currency = refValue(body, 'CurrencyRef');
  const openingBalance = amountField(body, 'OpeningBalance');
  const openingBalanceDate = stringField(body, 'OpeningBalanceDate');
  if (openingBalanceDate !== undefined && !/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(openingBalanceDate)) {
    throw unsupportedProperty('failed to parse json object; a property specified is unsupported or invalid', 'OpeningBalanceDate');
  }
  stringField(body, 'AccountAlias');
  stringField(body, 'TxnLocationType');
  // Intuit's create request lists no Active and says nothing of an inactive create: the fake is the
  // stricter side and refuses one, so an adapter never counts on it (NOTES.md).
  if (booleanField(body, 'Active') === false) {
    throw businessValidation('A new account is active: make it inactive once it exists.', 'Active');
  }

  return {
    name,
    accountType,
    typeInfo,
    accountSubType: requestedSubType ?? typeInfo.defaultSubType,
    acctNum,
    description,
    parentId,
    currency,
    // An opening balance is posted against Opening Balance Equity, which only balance-sheet accounts carry.
    openingBalance: typeInfo.balanceSheet ? openingBalance : undefined,
  };
}
