import type { AccountType } from '@ledgersync/unified';

/** Zoho Books' `account_type` values that every edition has (API v3, Chart of Accounts). */
export type ZohoAccountType =
  | 'other_asset'
  | 'other_current_asset'
  | 'cash'
  | 'bank'
  | 'fixed_asset'
  | 'stock'
  | 'payment_clearing'
  | 'input_tax'
  | 'accounts_receivable'
  | 'other_current_liability'
  | 'credit_card'
  | 'long_term_liability'
  | 'other_liability'
  | 'accounts_payable'
  | 'output_tax'
  | 'equity'
  | 'income'
  | 'other_income'
  | 'expense'
  | 'cost_of_goods_sold'
  | 'other_expense';

/**
 * Unified type → Zoho `account_type`. Zoho derives the group (Asset, Liability, Equity, Income,
 * Expense) from the type, so the unified classification needs no field of its own. Zoho has no
 * prepayment, sales, overhead or depreciation type: those go to the general type of their group
 * (Zoho's own default chart files "Prepaid Expenses" under other_current_asset and
 * "Depreciation Expense" under expense).
 */
export const ZOHO_TYPES: Record<AccountType, ZohoAccountType> = {
  Bank: 'bank',
  'Current Asset': 'other_current_asset',
  'Accounts Receivable': 'accounts_receivable',
  Inventory: 'stock',
  Prepayment: 'other_current_asset',
  'Fixed Asset': 'fixed_asset',
  'Non-current Asset': 'other_asset',
  'Accounts Payable': 'accounts_payable',
  'Credit Card': 'credit_card',
  'Current Liability': 'other_current_liability',
  'Long Term Liability': 'long_term_liability',
  Equity: 'equity',
  Revenue: 'income',
  Sales: 'income',
  'Other Income': 'other_income',
  'Cost of Goods Sold': 'cost_of_goods_sold',
  Expense: 'expense',
  Overhead: 'expense',
  Depreciation: 'expense',
  'Other Expense': 'other_expense',
};

/**
 * Zoho `account_type` → unified type, for reading an account back. Where several unified types
 * share a Zoho type, the general one is read back (an account pushed as Sales reads back as
 * Revenue). Zoho-only types map to the unified type that holds them: cash in hand is kept like a
 * bank account (as Xero and QuickBooks file it), clearing and tax accounts are current items.
 */
export const UNIFIED_TYPES: Record<ZohoAccountType, AccountType> = {
  other_asset: 'Non-current Asset',
  other_current_asset: 'Current Asset',
  cash: 'Bank',
  bank: 'Bank',
  fixed_asset: 'Fixed Asset',
  stock: 'Inventory',
  payment_clearing: 'Current Asset',
  input_tax: 'Current Asset',
  accounts_receivable: 'Accounts Receivable',
  other_current_liability: 'Current Liability',
  credit_card: 'Credit Card',
  long_term_liability: 'Long Term Liability',
  other_liability: 'Long Term Liability',
  accounts_payable: 'Accounts Payable',
  output_tax: 'Current Liability',
  equity: 'Equity',
  income: 'Revenue',
  other_income: 'Other Income',
  expense: 'Expense',
  cost_of_goods_sold: 'Cost of Goods Sold',
  other_expense: 'Other Expense',
};

/** The unified type of a Zoho `account_type`; undefined for one this table does not know (an edition's own). */
export function toUnifiedType(zohoType: string): AccountType | undefined {
  return Object.hasOwn(UNIFIED_TYPES, zohoType) ? UNIFIED_TYPES[zohoType as ZohoAccountType] : undefined;
}
