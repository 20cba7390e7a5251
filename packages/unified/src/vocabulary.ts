/**
 * ledgersync's unified account vocabulary. Panora leaves `classification` and `type` as free strings;
 * ledgersync fixes one vocabulary so one request body means the same thing on every provider. Each
 * provider maps these words to its own (see packages/providers), both ways.
 */
export const CLASSIFICATIONS = ['Asset', 'Liability', 'Equity', 'Revenue', 'Expense'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Every unified account type, with the classification it belongs to. */
export const ACCOUNT_TYPES = {
  Bank: 'Asset',
  'Current Asset': 'Asset',
  'Accounts Receivable': 'Asset',
  Inventory: 'Asset',
  Prepayment: 'Asset',
  'Fixed Asset': 'Asset',
  'Non-current Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Revenue: 'Revenue',
  Sales: 'Revenue',
  'Other Income': 'Revenue',
  'Cost of Goods Sold': 'Expense',
  Expense: 'Expense',
  Overhead: 'Expense',
  Depreciation: 'Expense',
  'Other Expense': 'Expense',
} as const satisfies Record<string, Classification>;
export type AccountType = keyof typeof ACCOUNT_TYPES;
export const ACCOUNT_TYPE_NAMES = Object.keys(ACCOUNT_TYPES) as AccountType[];

export const ACCOUNT_STATUSES = ['Active', 'Inactive'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Balance-sheet classifications: the ones an opening balance makes sense for. */
export function isBalanceSheet(classification: Classification): boolean {
  return classification === 'Asset' || classification === 'Liability' || classification === 'Equity';
}

/** Case-insensitive match of a client's word to the canonical one ("current asset" → "Current Asset"). */
export function canonical<T extends string>(values: readonly T[], input: string): T | undefined {
  const wanted = input.trim().toLowerCase();
  return values.find((value) => value.toLowerCase() === wanted);
}
