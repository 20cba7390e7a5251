import type { AccountType } from '@ledgersync/unified';

/**
 * Unified type → Sage `ledger_account_type_id`. Sage has 13 types; several unified types share one
 * (the classification always stays the same):
 *
 * | unified                                               | Sage type id      | Sage group (UI)  |
 * |-------------------------------------------------------|-------------------|------------------|
 * | Bank                                                  | BANK              | Asset            |
 * | Current Asset, Accounts Receivable, Inventory, Prepayment | CURRENT_ASSETS | Asset            |
 * | Fixed Asset                                           | FIXED_ASSETS      | Asset            |
 * | Non-current Asset                                     | FUTURE_ASSETS     | Asset            |
 * | Accounts Payable, Current Liability                   | CURRENT_LIABILITY | Liability        |
 * | Credit Card                                           | LINE_OF_CREDIT    | Liability        |
 * | Long Term Liability                                   | FUTURE_LIABILITY  | Liability        |
 * | Equity                                                | EQUITY            | Capital          |
 * | Revenue, Sales                                        | SALES             | Income           |
 * | Other Income                                          | OTHER_INCOME      | Income           |
 * | Cost of Goods Sold                                    | DIRECT_EXPENSES   | Expenditure      |
 * | Expense, Overhead, Other Expense                      | OVERHEADS         | Expenditure      |
 * | Depreciation                                          | DEPRECIATION      | Expenditure      |
 *
 * Sage files debtors, stock and prepayments under Current Assets, and creditors under Current
 * Liability. A credit card is a liability, so it goes to Line of Credit rather than Bank (an asset).
 */
export const SAGE_TYPES: Record<AccountType, SageTypeId> = {
  Bank: 'BANK',
  'Current Asset': 'CURRENT_ASSETS',
  'Accounts Receivable': 'CURRENT_ASSETS',
  Inventory: 'CURRENT_ASSETS',
  Prepayment: 'CURRENT_ASSETS',
  'Fixed Asset': 'FIXED_ASSETS',
  'Non-current Asset': 'FUTURE_ASSETS',
  'Accounts Payable': 'CURRENT_LIABILITY',
  'Credit Card': 'LINE_OF_CREDIT',
  'Current Liability': 'CURRENT_LIABILITY',
  'Long Term Liability': 'FUTURE_LIABILITY',
  Equity: 'EQUITY',
  Revenue: 'SALES',
  Sales: 'SALES',
  'Other Income': 'OTHER_INCOME',
  'Cost of Goods Sold': 'DIRECT_EXPENSES',
  Expense: 'OVERHEADS',
  Overhead: 'OVERHEADS',
  Depreciation: 'DEPRECIATION',
  'Other Expense': 'OVERHEADS',
};

/** Sage's ledger account type ids (`GET /ledger_account_types`). */
export type SageTypeId =
  | 'SALES'
  | 'OTHER_INCOME'
  | 'DIRECT_EXPENSES'
  | 'OVERHEADS'
  | 'DEPRECIATION'
  | 'CURRENT_ASSETS'
  | 'FIXED_ASSETS'
  | 'FUTURE_ASSETS'
  | 'BANK'
  | 'CURRENT_LIABILITY'
  | 'FUTURE_LIABILITY'
  | 'EQUITY'
  | 'LINE_OF_CREDIT';

/**
 * Sage type id → the unified type an account of it reads back as: the most specific unified word
 * for each Sage type (CURRENT_ASSETS → Current Asset, OVERHEADS → Overhead). Reading back only
 * fills fields the caller left empty, so a caller's "Expense" stays "Expense".
 */
export const FROM_SAGE_TYPES: Record<SageTypeId, AccountType> = {
  SALES: 'Sales',
  OTHER_INCOME: 'Other Income',
  DIRECT_EXPENSES: 'Cost of Goods Sold',
  OVERHEADS: 'Overhead',
  DEPRECIATION: 'Depreciation',
  CURRENT_ASSETS: 'Current Asset',
  FIXED_ASSETS: 'Fixed Asset',
  FUTURE_ASSETS: 'Non-current Asset',
  BANK: 'Bank',
  CURRENT_LIABILITY: 'Current Liability',
  FUTURE_LIABILITY: 'Long Term Liability',
  EQUITY: 'Equity',
  LINE_OF_CREDIT: 'Credit Card',
};

/** The unified type of a Sage type id, when it is one Sage documents. */
export function fromSageType(id: unknown): AccountType | undefined {
  return typeof id === 'string' && Object.hasOwn(FROM_SAGE_TYPES, id) ? FROM_SAGE_TYPES[id as SageTypeId] : undefined;
}

/**
 * A ledger account's status from `included_in_chart`: an account taken out of the chart is Sage's
 * way to retire it (it cannot be deleted), so Inactive; in the chart, or not said, Active.
 */
export function sageAccountStatus(includedInChart: unknown): 'Active' | 'Inactive' {
  return includedInChart === false ? 'Inactive' : 'Active';
}
