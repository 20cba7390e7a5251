/**
 * The ledger accounts a new UK business starts with (a subset of Sage's standard chart): nominal
 * codes and names as Sage's UK help and its standard nominal code list give them, each with the
 * Sage type it reports under. Control accounts (Sage's "Control accounts" help article for Sage
 * Accounting: 1100, 1200, 2100, 2200-2203, 7900, 9999) carry a control name (the words are the
 * fake's) and cannot be renamed, retyped or hidden. See providers/src/sage/NOTES.md.
 */
export interface DefaultLedgerAccount {
  nominalCode: number;
  name: string;
  typeId: string;
  /** Sage's internal name of a control account; absent for the others. */
  controlName?: string;
  /** The default tax rate's id (`tax_rates/defaults.ts`), where Sage presets one. */
  taxRateId?: string;
}

export const UK_DEFAULT_CHART: readonly DefaultLedgerAccount[] = [
  { nominalCode: 10, name: 'Freehold Property', typeId: 'FIXED_ASSETS' },
  { nominalCode: 20, name: 'Plant and Machinery', typeId: 'FIXED_ASSETS' },
  { nominalCode: 21, name: 'Plant and Machinery Depreciation', typeId: 'FIXED_ASSETS' },
  { nominalCode: 30, name: 'Office Equipment', typeId: 'FIXED_ASSETS' },
  { nominalCode: 31, name: 'Office Equipment Depreciation', typeId: 'FIXED_ASSETS' },
  { nominalCode: 50, name: 'Motor Vehicles', typeId: 'FIXED_ASSETS' },
  { nominalCode: 51, name: 'Motor Vehicles Depreciation', typeId: 'FIXED_ASSETS' },
  { nominalCode: 1001, name: 'Stock', typeId: 'CURRENT_ASSETS' },
  { nominalCode: 1100, name: 'Trade Debtors', typeId: 'CURRENT_ASSETS', controlName: 'DEBTORS' },
  { nominalCode: 1103, name: 'Prepayments', typeId: 'CURRENT_ASSETS' },
  { nominalCode: 1200, name: 'Bank Current Account', typeId: 'BANK', controlName: 'DEFAULT_BANK' },
  { nominalCode: 1210, name: 'Bank Deposit Account', typeId: 'BANK' },
  { nominalCode: 1230, name: 'Petty Cash', typeId: 'BANK' },
  { nominalCode: 2100, name: 'Trade Creditors', typeId: 'CURRENT_LIABILITY', controlName: 'CREDITORS' },
  { nominalCode: 2109, name: 'Accruals', typeId: 'CURRENT_LIABILITY' },
  { nominalCode: 2200, name: 'VAT on Sales', typeId: 'CURRENT_LIABILITY', controlName: 'SALES_TAX' },
  { nominalCode: 2201, name: 'VAT on Purchases', typeId: 'CURRENT_LIABILITY', controlName: 'PURCHASE_TAX' },
  { nominalCode: 2202, name: 'VAT Liability', typeId: 'CURRENT_LIABILITY', controlName: 'TAX_LIABILITY' },
  { nominalCode: 2203, name: 'VAT Allocations & Adjustments', typeId: 'CURRENT_LIABILITY', controlName: 'TAX_ADJUSTMENTS' },
  { nominalCode: 2210, name: 'PAYE', typeId: 'CURRENT_LIABILITY' },
  { nominalCode: 2211, name: 'National Insurance', typeId: 'CURRENT_LIABILITY' },
  { nominalCode: 2300, name: 'Loans', typeId: 'FUTURE_LIABILITY' },
  { nominalCode: 3000, name: 'Ordinary Shares', typeId: 'EQUITY' },
  { nominalCode: 3200, name: 'Profit and Loss Account', typeId: 'EQUITY' },
  { nominalCode: 4000, name: 'Sales Type A', typeId: 'SALES', taxRateId: 'GB_STANDARD' },
  { nominalCode: 4001, name: 'Sales Type B', typeId: 'SALES', taxRateId: 'GB_STANDARD' },
  { nominalCode: 4002, name: 'Sales Type C', typeId: 'SALES', taxRateId: 'GB_STANDARD' },
  { nominalCode: 4900, name: 'Miscellaneous Income', typeId: 'OTHER_INCOME' },
  { nominalCode: 5000, name: 'Cost of sales - goods', typeId: 'DIRECT_EXPENSES', taxRateId: 'GB_STANDARD' },
  { nominalCode: 7000, name: 'Gross Wages', typeId: 'OVERHEADS', taxRateId: 'GB_NO_TAX' },
  { nominalCode: 7100, name: 'Rent', typeId: 'OVERHEADS', taxRateId: 'GB_EXEMPT' },
  { nominalCode: 7200, name: 'Electricity', typeId: 'OVERHEADS', taxRateId: 'GB_LOWER' },
  { nominalCode: 7400, name: 'Travelling', typeId: 'OVERHEADS', taxRateId: 'GB_STANDARD' },
  { nominalCode: 7500, name: 'Printing', typeId: 'OVERHEADS', taxRateId: 'GB_STANDARD' },
  { nominalCode: 7502, name: 'Telephone', typeId: 'OVERHEADS', taxRateId: 'GB_STANDARD' },
  { nominalCode: 7900, name: 'Bank Charges and Interest', typeId: 'OVERHEADS', controlName: 'BANK_CHARGES', taxRateId: 'GB_EXEMPT' },
  { nominalCode: 8000, name: 'Depreciation', typeId: 'DEPRECIATION' },
  { nominalCode: 9999, name: 'Suspense', typeId: 'CURRENT_LIABILITY', controlName: 'SUSPENSE' },
];
