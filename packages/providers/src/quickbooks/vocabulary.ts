import type { AccountType } from '@ledgersync/unified';

/**
 * Unified type → QuickBooks `AccountType` and `AccountSubType`. QuickBooks derives the
 * classification from the AccountType (read-only `Classification`), which uses the same five words
 * as the unified vocabulary, so reading it back needs no table.
 */
export const QUICKBOOKS_TYPES: Record<AccountType, { AccountType: string; AccountSubType: string }> = {
  Bank: { AccountType: 'Bank', AccountSubType: 'Checking' },
  'Current Asset': { AccountType: 'Other Current Asset', AccountSubType: 'OtherCurrentAssets' },
  'Accounts Receivable': { AccountType: 'Accounts Receivable', AccountSubType: 'AccountsReceivable' },
  Inventory: { AccountType: 'Other Current Asset', AccountSubType: 'Inventory' },
  Prepayment: { AccountType: 'Other Current Asset', AccountSubType: 'PrepaidExpenses' },
  'Fixed Asset': { AccountType: 'Fixed Asset', AccountSubType: 'OtherFixedAssets' },
  'Non-current Asset': { AccountType: 'Other Asset', AccountSubType: 'OtherLongTermAssets' },
  'Accounts Payable': { AccountType: 'Accounts Payable', AccountSubType: 'AccountsPayable' },
  'Credit Card': { AccountType: 'Credit Card', AccountSubType: 'CreditCard' },
  'Current Liability': { AccountType: 'Other Current Liability', AccountSubType: 'OtherCurrentLiabilities' },
  'Long Term Liability': { AccountType: 'Long Term Liability', AccountSubType: 'OtherLongTermLiabilities' },
  Equity: { AccountType: 'Equity', AccountSubType: 'OwnersEquity' },
  Revenue: { AccountType: 'Income', AccountSubType: 'OtherPrimaryIncome' },
  Sales: { AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' },
  'Other Income': { AccountType: 'Other Income', AccountSubType: 'OtherMiscellaneousIncome' },
  'Cost of Goods Sold': { AccountType: 'Cost of Goods Sold', AccountSubType: 'SuppliesMaterialsCogs' },
  Expense: { AccountType: 'Expense', AccountSubType: 'OtherMiscellaneousServiceCost' },
  Overhead: { AccountType: 'Expense', AccountSubType: 'OfficeGeneralAdministrativeExpenses' },
  Depreciation: { AccountType: 'Other Expense', AccountSubType: 'Depreciation' },
  'Other Expense': { AccountType: 'Other Expense', AccountSubType: 'OtherMiscellaneousExpense' },
};

/**
 * QuickBooks words → the unified type: the exact AccountType + AccountSubType pair first, then the
 * first unified type with that AccountType (a sub-type the table does not list).
 */
export function unifiedTypeOf(accountType: string | undefined, subType: string | undefined): AccountType | undefined {
  if (!accountType) return undefined;
  const entries = Object.entries(QUICKBOOKS_TYPES) as [AccountType, { AccountType: string; AccountSubType: string }][];
  const exact = entries.find(([, words]) => words.AccountType === accountType && words.AccountSubType === subType);
  return (exact ?? entries.find(([, words]) => words.AccountType === accountType))?.[0];
}
