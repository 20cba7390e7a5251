/**
 * Sage's ledger account types (`GET /ledger_account_types`): the ids providers.md and public SDKs
 * list, each in the group it reports under (Sage's help: Income, Expenditure, Asset, Liability,
 * Capital). The group ids are the fake's reading of those names (?): clients should derive what
 * they need from the type id, which is what Sage documents.
 */
export interface LedgerAccountTypeInfo {
  displayedAs: string;
  group: { id: string; displayed_as: string };
  /** Areas the account is offered in by default, as Sage preselects them from the category (?). */
  visibleIn: readonly VisibilityArea[];
}

/** The `visible_in_*` areas, and the `visible_scopes` word each shows as. */
export const VISIBILITY_SCOPES = {
  banking: 'bank',
  sales: 'sales',
  expenses: 'purchasing',
  other_payments: 'other_payment',
  other_receipts: 'other_receipt',
  journals: 'journals',
  reporting: 'reporting',
} as const;
export type VisibilityArea = keyof typeof VISIBILITY_SCOPES;
export const VISIBILITY_AREAS = Object.keys(VISIBILITY_SCOPES) as VisibilityArea[];

const INCOME = { id: 'INCOME', displayed_as: 'Income' };
const EXPENDITURE = { id: 'EXPENDITURE', displayed_as: 'Expenditure' };
const ASSET = { id: 'ASSET', displayed_as: 'Asset' };
const LIABILITY = { id: 'LIABILITY', displayed_as: 'Liability' };
const CAPITAL = { id: 'CAPITAL', displayed_as: 'Capital' };

// Sage's help: every ledger account must be available in journals and reports.
const ALWAYS: readonly VisibilityArea[] = ['journals', 'reporting'];
const INCOMING: readonly VisibilityArea[] = ['sales', 'other_receipts', ...ALWAYS];
const OUTGOING: readonly VisibilityArea[] = ['expenses', 'other_payments', ...ALWAYS];

export const LEDGER_ACCOUNT_TYPES: Readonly<Record<string, LedgerAccountTypeInfo>> = {
  SALES: { displayedAs: 'Sales', group: INCOME, visibleIn: INCOMING },
  OTHER_INCOME: { displayedAs: 'Other Income', group: INCOME, visibleIn: INCOMING },
  DIRECT_EXPENSES: { displayedAs: 'Direct Expenses', group: EXPENDITURE, visibleIn: OUTGOING },
  OVERHEADS: { displayedAs: 'Overheads', group: EXPENDITURE, visibleIn: OUTGOING },
  DEPRECIATION: { displayedAs: 'Depreciation', group: EXPENDITURE, visibleIn: ALWAYS },
  CURRENT_ASSETS: { displayedAs: 'Current Assets', group: ASSET, visibleIn: ALWAYS },
  FIXED_ASSETS: { displayedAs: 'Fixed Assets', group: ASSET, visibleIn: ['expenses', ...ALWAYS] },
  FUTURE_ASSETS: { displayedAs: 'Future Assets', group: ASSET, visibleIn: ALWAYS },
  BANK: { displayedAs: 'Bank', group: ASSET, visibleIn: ['banking', ...ALWAYS] },
  CURRENT_LIABILITY: { displayedAs: 'Current Liability', group: LIABILITY, visibleIn: ALWAYS },
  FUTURE_LIABILITY: { displayedAs: 'Future Liability', group: LIABILITY, visibleIn: ALWAYS },
  EQUITY: { displayedAs: 'Equity', group: CAPITAL, visibleIn: ALWAYS },
  LINE_OF_CREDIT: { displayedAs: 'Line of Credit', group: LIABILITY, visibleIn: ['banking', ...ALWAYS] },
};

export const LEDGER_ACCOUNT_TYPE_IDS = Object.keys(LEDGER_ACCOUNT_TYPES);

export function ledgerAccountType(id: string): LedgerAccountTypeInfo | undefined {
  return Object.hasOwn(LEDGER_ACCOUNT_TYPES, id) ? LEDGER_ACCOUNT_TYPES[id] : undefined;
}
