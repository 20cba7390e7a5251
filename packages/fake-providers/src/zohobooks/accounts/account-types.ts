/** The groups Zoho's `filter_by=AccountType.<Group>` selects. */
export type ZohoAccountGroup = 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense';

/**
 * Zoho Books' `account_type` values (API v3, Chart of Accounts) with the group each belongs to.
 * Editions add more (IFRS types such as `intangible_asset`); these are the ones every edition has.
 */
export const ZOHO_ACCOUNT_TYPES = {
  other_asset: 'Asset',
  other_current_asset: 'Asset',
  cash: 'Asset',
  bank: 'Asset',
  fixed_asset: 'Asset',
  stock: 'Asset',
  payment_clearing: 'Asset',
  input_tax: 'Asset',
  accounts_receivable: 'Asset',
  other_current_liability: 'Liability',
  credit_card: 'Liability',
  long_term_liability: 'Liability',
  other_liability: 'Liability',
  accounts_payable: 'Liability',
  output_tax: 'Liability',
  equity: 'Equity',
  income: 'Income',
  other_income: 'Income',
  expense: 'Expense',
  cost_of_goods_sold: 'Expense',
  other_expense: 'Expense',
} as const satisfies Record<string, ZohoAccountGroup>;

export type ZohoAccountType = keyof typeof ZOHO_ACCOUNT_TYPES;

export function isZohoAccountType(value: string): value is ZohoAccountType {
  return Object.hasOwn(ZOHO_ACCOUNT_TYPES, value);
}
