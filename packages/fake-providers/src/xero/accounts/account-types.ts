import type { XeroAccount } from './types.js';

type AccountClass = XeroAccount['Class'];

interface TypeInfo {
  class: AccountClass;
  /** What an organisation's default tax rates give the type; Xero returns the account's rate on create. */
  taxType: string;
}

// Xero's "Account Types" reference groups each type under one class. Tax rates are
// organisation-specific; these are the defaults of the rates named in Xero's own examples
// (INPUT on an EXPENSE account, NONE on a BANK account).
const TYPES: Record<string, TypeInfo> = {
  BANK: { class: 'ASSET', taxType: 'NONE' },
  CURRENT: { class: 'ASSET', taxType: 'NONE' },
  FIXED: { class: 'ASSET', taxType: 'INPUT' },
  INVENTORY: { class: 'ASSET', taxType: 'NONE' },
  NONCURRENT: { class: 'ASSET', taxType: 'NONE' },
  PREPAYMENT: { class: 'ASSET', taxType: 'NONE' },
  EQUITY: { class: 'EQUITY', taxType: 'NONE' },
  DEPRECIATN: { class: 'EXPENSE', taxType: 'NONE' },
  DIRECTCOSTS: { class: 'EXPENSE', taxType: 'INPUT' },
  EXPENSE: { class: 'EXPENSE', taxType: 'INPUT' },
  OVERHEADS: { class: 'EXPENSE', taxType: 'INPUT' },
  CURRLIAB: { class: 'LIABILITY', taxType: 'NONE' },
  LIABILITY: { class: 'LIABILITY', taxType: 'NONE' },
  TERMLIAB: { class: 'LIABILITY', taxType: 'NONE' },
  PAYG: { class: 'LIABILITY', taxType: 'NONE' },
  OTHERINCOME: { class: 'REVENUE', taxType: 'OUTPUT' },
  REVENUE: { class: 'REVENUE', taxType: 'OUTPUT' },
  SALES: { class: 'REVENUE', taxType: 'OUTPUT' },
};

// The top-level reporting code of each class, as Xero's example answer shows for EXPENSE (EXP / Expense).
const REPORTING: Record<AccountClass, { code: string; name: string }> = {
  ASSET: { code: 'ASS', name: 'Assets' },
  EQUITY: { code: 'EQU', name: 'Equity' },
  EXPENSE: { code: 'EXP', name: 'Expense' },
  LIABILITY: { code: 'LIA', name: 'Liabilities' },
  REVENUE: { code: 'REV', name: 'Revenue' },
};

/** Class and default tax type of an account type; undefined for a type Xero does not have. */
export function accountTypeInfo(type: string): TypeInfo | undefined {
  return TYPES[type];
}

/** Every account type the fake knows (checked against the OpenAPI document's AccountType enum by a test). */
export const ACCOUNT_TYPES: readonly string[] = Object.keys(TYPES);

/** The reporting code and its name Xero assigns an account of a class when none is given. */
export function defaultReporting(accountClass: AccountClass): { code: string; name: string } {
  return REPORTING[accountClass];
}
