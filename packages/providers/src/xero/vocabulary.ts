import type { AccountStatus, AccountType, Classification } from '@ledgersync/unified';

/** Xero's `AccountType` enum (OpenAPI document `xero_accounting.yaml`, components.schemas.AccountType). */
export const XERO_ACCOUNT_TYPES = [
  'BANK',
  'CURRENT',
  'CURRLIAB',
  'DEPRECIATN',
  'DIRECTCOSTS',
  'EQUITY',
  'EXPENSE',
  'FIXED',
  'INVENTORY',
  'LIABILITY',
  'NONCURRENT',
  'OTHERINCOME',
  'OVERHEADS',
  'PREPAYMENT',
  'REVENUE',
  'SALES',
  'TERMLIAB',
  'PAYG',
] as const;
export type XeroAccountType = (typeof XERO_ACCOUNT_TYPES)[number];

/** Xero's read-only `Class`, derived by Xero from the Type. */
export type XeroAccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';

/** What a unified type is sent as: the Xero Type, and on a bank account the kind of bank account. */
export interface XeroTypeMapping {
  Type: XeroAccountType;
  BankAccountType?: 'BANK' | 'CREDITCARD' | 'PAYPAL';
}

/**
 * Unified type → Xero. Two unified types are left out, so the intake answers 422 with the accepted
 * list instead of creating something else: Accounts Receivable and Accounts Payable are Xero
 * *system* accounts (`SystemAccount` DEBTORS / CREDITORS, one per organisation, never created
 * through the API); a CURRENT or CURRLIAB account under that name would not behave as one.
 *
 * | unified             | Xero Type                        | read back as            |
 * |---------------------|----------------------------------|-------------------------|
 * | Bank                | BANK                             | Bank                    |
 * | Credit Card         | BANK, BankAccountType CREDITCARD | Credit Card (Class ASSET: Xero keeps cards as bank accounts) |
 * | Current Asset       | CURRENT                          | Current Asset           |
 * | Inventory           | INVENTORY                        | Inventory               |
 * | Prepayment          | PREPAYMENT                       | Prepayment              |
 * | Fixed Asset         | FIXED                            | Fixed Asset             |
 * | Non-current Asset   | NONCURRENT                       | Non-current Asset       |
 * | Current Liability   | CURRLIAB                         | Current Liability       |
 * | Long Term Liability | TERMLIAB                         | Long Term Liability     |
 * | Equity              | EQUITY                           | Equity                  |
 * | Revenue             | REVENUE                          | Revenue                 |
 * | Sales               | SALES                            | Sales                   |
 * | Other Income        | OTHERINCOME                      | Other Income            |
 * | Cost of Goods Sold  | DIRECTCOSTS                      | Cost of Goods Sold      |
 * | Expense             | EXPENSE                          | Expense                 |
 * | Overhead            | OVERHEADS                        | Overhead                |
 * | Depreciation        | DEPRECIATN                       | Depreciation            |
 * | Other Expense       | EXPENSE (Xero has no "other")    | Expense                 |
 */
export const XERO_TYPES = {
  Bank: { Type: 'BANK' },
  'Credit Card': { Type: 'BANK', BankAccountType: 'CREDITCARD' },
  'Current Asset': { Type: 'CURRENT' },
  Inventory: { Type: 'INVENTORY' },
  Prepayment: { Type: 'PREPAYMENT' },
  'Fixed Asset': { Type: 'FIXED' },
  'Non-current Asset': { Type: 'NONCURRENT' },
  'Current Liability': { Type: 'CURRLIAB' },
  'Long Term Liability': { Type: 'TERMLIAB' },
  Equity: { Type: 'EQUITY' },
  Revenue: { Type: 'REVENUE' },
  Sales: { Type: 'SALES' },
  'Other Income': { Type: 'OTHERINCOME' },
  'Cost of Goods Sold': { Type: 'DIRECTCOSTS' },
  Expense: { Type: 'EXPENSE' },
  Overhead: { Type: 'OVERHEADS' },
  Depreciation: { Type: 'DEPRECIATN' },
  'Other Expense': { Type: 'EXPENSE' },
} as const satisfies Partial<Record<AccountType, XeroTypeMapping>>;

/** The unified types a Xero connection takes (the intake's `accepted` list). */
export const XERO_UNIFIED_TYPES = Object.keys(XERO_TYPES) as (keyof typeof XERO_TYPES)[];

/** The Xero mapping of a unified type, or undefined for one Xero cannot create. */
export function toXeroType(type: AccountType): XeroTypeMapping | undefined {
  return (XERO_TYPES as Partial<Record<AccountType, XeroTypeMapping>>)[type];
}

/**
 * Xero Type → unified type, for every Type Xero may answer (accounts made in Xero's own screens
 * included). Three Types have no unified word of their own and are read as the nearest one:
 * LIABILITY (Xero's "Liability", neither labelled current nor non-current) and PAYG (Australian
 * PAYG withholding, owed to the tax office within the period) as Current Liability (?); a BANK
 * account whose BankAccountType is CREDITCARD is read as Credit Card (see {@link fromXeroType}).
 */
export const FROM_XERO_TYPES: Record<XeroAccountType, AccountType> = {
  BANK: 'Bank',
  CURRENT: 'Current Asset',
  CURRLIAB: 'Current Liability',
  DEPRECIATN: 'Depreciation',
  DIRECTCOSTS: 'Cost of Goods Sold',
  EQUITY: 'Equity',
  EXPENSE: 'Expense',
  FIXED: 'Fixed Asset',
  INVENTORY: 'Inventory',
  LIABILITY: 'Current Liability',
  NONCURRENT: 'Non-current Asset',
  OTHERINCOME: 'Other Income',
  OVERHEADS: 'Overhead',
  PREPAYMENT: 'Prepayment',
  REVENUE: 'Revenue',
  SALES: 'Sales',
  TERMLIAB: 'Long Term Liability',
  PAYG: 'Current Liability',
};

/** The unified type of a Xero account, or undefined for a Type this table does not know (a newer Xero). */
export function fromXeroType(type: string, bankAccountType?: string): AccountType | undefined {
  if (type === 'BANK' && bankAccountType === 'CREDITCARD') return 'Credit Card';
  return Object.hasOwn(FROM_XERO_TYPES, type) ? FROM_XERO_TYPES[type as XeroAccountType] : undefined;
}

/** Xero Class → unified classification: the same five words, upper-cased by Xero. */
export const FROM_XERO_CLASSES: Record<XeroAccountClass, Classification> = {
  ASSET: 'Asset',
  EQUITY: 'Equity',
  EXPENSE: 'Expense',
  LIABILITY: 'Liability',
  REVENUE: 'Revenue',
};

export function fromXeroClass(value: string): Classification | undefined {
  return Object.hasOwn(FROM_XERO_CLASSES, value) ? FROM_XERO_CLASSES[value as XeroAccountClass] : undefined;
}

/** Unified status → Xero Status: Xero's inactive account is an ARCHIVED one. */
export const XERO_STATUSES: Record<AccountStatus, 'ACTIVE' | 'ARCHIVED'> = {
  Active: 'ACTIVE',
  Inactive: 'ARCHIVED',
};

/**
 * Xero Status → unified status. DELETED has no unified word: the account no longer exists at Xero,
 * so its status is left unread rather than called Inactive.
 */
export function fromXeroStatus(value: string): AccountStatus | undefined {
  if (value === 'ACTIVE') return 'Active';
  if (value === 'ARCHIVED') return 'Inactive';
  return undefined;
}
