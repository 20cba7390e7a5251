import type { AccountType } from '@ledgersync/unified';

/**
 * The `account_type` values Zoho Books documents for "Create an account" (API v3, Chart of
 * Accounts) that every edition has; the IFRS types it also lists are never sent.
 */
export type ZohoAccountType =
  | 'other_asset'
  | 'other_current_asset'
  | 'cash'
  | 'bank'
  | 'fixed_asset'
  | 'accounts_receivable'
  | 'other_current_liability'
  | 'credit_card'
  | 'long_term_liability'
  | 'other_liability'
  | 'accounts_payable'
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
 * "Depreciation Expense" under expense). Inventory goes to other_current_asset: Zoho's screens
 * have a Stock type, but the API documents no such account_type (NOTES.md), and inventory is a
 * current asset, which other_current_asset is the documented type for.
 */
export const ZOHO_TYPES: Record<AccountType, ZohoAccountType> = {
  Bank: 'bank',
  'Current Asset': 'other_current_asset',
  'Accounts Receivable': 'accounts_receivable',
  Inventory: 'other_current_asset',
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
 * Revenue, one pushed as Inventory as Current Asset). Zoho-only types map to the unified type that
 * holds them: cash in hand is kept like a bank account (as Xero and QuickBooks file it). The types
 * Zoho's screens create but its API does not document for a create (stock, payment clearing, tax
 * accounts) can still be read from an organisation's chart.
 */
export const UNIFIED_TYPES: Readonly<Record<string, AccountType>> = {
  other_asset: 'Non-current Asset',
  other_current_asset: 'Current Asset',
  cash: 'Bank',
  bank: 'Bank',
  fixed_asset: 'Fixed Asset',
  accounts_receivable: 'Accounts Receivable',
  other_current_liability: 'Current Liability',
  credit_card: 'Credit Card',
  long_term_liability: 'Long Term Liability',
  other_liability: 'Long Term Liability',
  accounts_payable: 'Accounts Payable',
  equity: 'Equity',
  income: 'Revenue',
  other_income: 'Other Income',
  expense: 'Expense',
  cost_of_goods_sold: 'Cost of Goods Sold',
  other_expense: 'Other Expense',
  stock: 'Inventory',
  payment_clearing: 'Current Asset',
  input_tax: 'Current Asset',
  output_tax: 'Current Liability',
} satisfies Record<ZohoAccountType, AccountType> & Record<string, AccountType>;

/**
 * The IFRS `account_type`s Zoho documents beside the 17 (Chart of Accounts, "Create an account"),
 * which an IFRS organisation's chart holds: read back by their group (NOTES.md), never sent.
 */
export const IFRS_UNIFIED_TYPES: Readonly<Record<string, AccountType>> = {
  intangible_asset: 'Non-current Asset',
  right_to_use_asset: 'Non-current Asset',
  financial_asset: 'Non-current Asset',
  contingent_asset: 'Non-current Asset',
  contract_asset: 'Current Asset',
  contract_liability: 'Current Liability',
  refund_liability: 'Current Liability',
  loans_and_borrowing: 'Long Term Liability',
  lease_liability: 'Long Term Liability',
  employee_benefit_liability: 'Current Liability',
  contingent_liability: 'Long Term Liability',
  financial_liability: 'Long Term Liability',
  finance_income: 'Other Income',
  other_comprehensive_income: 'Other Income',
  manufacturing_expense: 'Cost of Goods Sold',
  impairment_expense: 'Other Expense',
  depreciation_expense: 'Depreciation',
  employee_benefit_expense: 'Expense',
  lease_expense: 'Expense',
  finance_expense: 'Other Expense',
  tax_expense: 'Other Expense',
};

/** The unified type of a Zoho `account_type`; undefined for one neither table knows (an edition's own). */
export function toUnifiedType(zohoType: string): AccountType | undefined {
  if (Object.hasOwn(UNIFIED_TYPES, zohoType)) return UNIFIED_TYPES[zohoType];
  return Object.hasOwn(IFRS_UNIFIED_TYPES, zohoType) ? IFRS_UNIFIED_TYPES[zohoType] : undefined;
}
