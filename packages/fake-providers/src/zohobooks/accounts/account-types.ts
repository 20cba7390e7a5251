/** The groups Zoho's `filter_by=AccountType.<Group>` selects. */
export type ZohoAccountGroup = 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense';

/**
 * Zoho Books' `account_type` values with the group each belongs to: exactly the "Allowed Values"
 * of "Create an account" (zoho.com/books/api/v3/chart-of-accounts), IFRS types included. Types
 * Zoho's own screens show but the API does not document (`stock`, `payment_clearing`,
 * `input_tax`, `output_tax`) are refused, as any other undocumented value: the stricter reading.
 * The group of each IFRS type follows Zoho Practice's list of Zoho Books account types.
 */
export const ZOHO_ACCOUNT_TYPES = {
  other_asset: 'Asset',
  other_current_asset: 'Asset',
  intangible_asset: 'Asset',
  right_to_use_asset: 'Asset',
  financial_asset: 'Asset',
  contingent_asset: 'Asset',
  contract_asset: 'Asset',
  cash: 'Asset',
  bank: 'Asset',
  fixed_asset: 'Asset',
  accounts_receivable: 'Asset',
  other_current_liability: 'Liability',
  contract_liability: 'Liability',
  refund_liability: 'Liability',
  credit_card: 'Liability',
  long_term_liability: 'Liability',
  loans_and_borrowing: 'Liability',
  lease_liability: 'Liability',
  employee_benefit_liability: 'Liability',
  contingent_liability: 'Liability',
  financial_liability: 'Liability',
  other_liability: 'Liability',
  accounts_payable: 'Liability',
  equity: 'Equity',
  income: 'Income',
  finance_income: 'Income',
  other_comprehensive_income: 'Income',
  other_income: 'Income',
  expense: 'Expense',
  manufacturing_expense: 'Expense',
  impairment_expense: 'Expense',
  depreciation_expense: 'Expense',
  employee_benefit_expense: 'Expense',
  lease_expense: 'Expense',
  finance_expense: 'Expense',
  tax_expense: 'Expense',
  cost_of_goods_sold: 'Expense',
  other_expense: 'Expense',
} as const satisfies Record<string, ZohoAccountGroup>;

export type ZohoAccountType = keyof typeof ZOHO_ACCOUNT_TYPES;

export function isZohoAccountType(value: string): value is ZohoAccountType {
  return Object.hasOwn(ZOHO_ACCOUNT_TYPES, value);
}
