/**
 * The chart of accounts QuickBooks Online creates for a new US company (sole proprietor), a
 * faithful subset: names, AccountType and AccountSubType as QuickBooks spells them. Sources
 * (packages/providers/src/quickbooks/NOTES.md): QuickBooks help "Manage default and special
 * accounts in your chart of accounts" (Undeposited Funds, Opening Balance Equity, Retained
 * Earnings, Inventory Asset, Cost of Goods Sold, Sales of Product Income), lendahandaccounting.com
 * "These 12 accounts are automatically created in QuickBooks Online" (Uncategorized Income and
 * Expense, Accounts Payable, ...), and the Schedule C standard chart QuickBooks ships
 * (qbkaccounting.com, "Basic chart of accounts").
 */
export interface DefaultAccount {
  Name: string;
  AccountType: string;
  AccountSubType: string;
  /** The parent's Name, for a sub-account of the default chart. */
  parent?: string;
  /**
   * QuickBooks will not make it inactive (help article above: Undeposited Funds, Opening Balance
   * Equity, Retained Earnings).
   */
  system?: true;
}

export const DEFAULT_CHART: readonly DefaultAccount[] = [
  { Name: 'Accounts Receivable (A/R)', AccountType: 'Accounts Receivable', AccountSubType: 'AccountsReceivable' },
  { Name: 'Undeposited Funds', AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds', system: true },
  { Name: 'Inventory Asset', AccountType: 'Other Current Asset', AccountSubType: 'Inventory' },
  { Name: 'Prepaid Expenses', AccountType: 'Other Current Asset', AccountSubType: 'PrepaidExpenses' },
  { Name: 'Uncategorized Asset', AccountType: 'Other Current Asset', AccountSubType: 'OtherCurrentAssets' },
  { Name: 'Accounts Payable (A/P)', AccountType: 'Accounts Payable', AccountSubType: 'AccountsPayable' },
  { Name: 'Opening Balance Equity', AccountType: 'Equity', AccountSubType: 'OpeningBalanceEquity', system: true },
  { Name: "Owner's Investment", AccountType: 'Equity', AccountSubType: 'OwnersEquity' },
  { Name: "Owner's Pay & Personal Expenses", AccountType: 'Equity', AccountSubType: 'PersonalExpense' },
  { Name: 'Retained Earnings', AccountType: 'Equity', AccountSubType: 'RetainedEarnings', system: true },
  { Name: 'Sales of Product Income', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' },
  { Name: 'Services', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome' },
  { Name: 'Billable Expense Income', AccountType: 'Income', AccountSubType: 'OtherPrimaryIncome' },
  { Name: 'Uncategorized Income', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome' },
  { Name: 'Cost of Goods Sold', AccountType: 'Cost of Goods Sold', AccountSubType: 'SuppliesMaterialsCogs' },
  { Name: 'Advertising & Marketing', AccountType: 'Expense', AccountSubType: 'AdvertisingPromotional' },
  { Name: 'Bank Charges & Fees', AccountType: 'Expense', AccountSubType: 'BankCharges' },
  { Name: 'Car & Truck', AccountType: 'Expense', AccountSubType: 'Auto' },
  { Name: 'Gas & Fuel', AccountType: 'Expense', AccountSubType: 'Auto', parent: 'Car & Truck' },
  { Name: 'Contractors', AccountType: 'Expense', AccountSubType: 'CostOfLabor' },
  { Name: 'Insurance', AccountType: 'Expense', AccountSubType: 'Insurance' },
  { Name: 'Interest Paid', AccountType: 'Expense', AccountSubType: 'InterestPaid' },
  { Name: 'Legal & Professional Services', AccountType: 'Expense', AccountSubType: 'LegalProfessionalFees' },
  { Name: 'Meals & Entertainment', AccountType: 'Expense', AccountSubType: 'EntertainmentMeals' },
  { Name: 'Office Supplies & Software', AccountType: 'Expense', AccountSubType: 'OfficeGeneralAdministrativeExpenses' },
  { Name: 'Rent & Lease', AccountType: 'Expense', AccountSubType: 'RentOrLeaseOfBuildings' },
  { Name: 'Repairs & Maintenance', AccountType: 'Expense', AccountSubType: 'RepairMaintenance' },
  { Name: 'Taxes & Licenses', AccountType: 'Expense', AccountSubType: 'TaxesPaid' },
  { Name: 'Travel', AccountType: 'Expense', AccountSubType: 'Travel' },
  { Name: 'Uncategorized Expense', AccountType: 'Expense', AccountSubType: 'OtherMiscellaneousServiceCost' },
  { Name: 'Utilities', AccountType: 'Expense', AccountSubType: 'Utilities' },
  { Name: 'Reconciliation Discrepancies', AccountType: 'Other Expense', AccountSubType: 'OtherMiscellaneousExpense' },
];
