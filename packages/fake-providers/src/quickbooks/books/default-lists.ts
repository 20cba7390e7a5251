/**
 * The rest of a new company's books in the fake: classes and departments (locations) as a company
 * that tracks them has set up, and the sales tax rates QuickBooks made when sales tax was turned
 * on (TaxRate is read-only through the API: TaxService creates them). Shapes from Intuit's Class,
 * Department and TaxRate references (NOTES.md); the names are the fake's own.
 */
export const DEFAULT_CLASSES: readonly { Name: string; parent?: string }[] = [
  { Name: 'Retail' },
  { Name: 'Wholesale' },
  { Name: 'Online', parent: 'Retail' },
];

export const DEFAULT_DEPARTMENTS: readonly { Name: string; parent?: string }[] = [{ Name: 'Headquarters' }, { Name: 'Warehouse' }];

/** `RateValue` is a percent, as Intuit's samples write it (7.1, 8, 2). */
export const DEFAULT_TAX_RATES: readonly { Name: string; RateValue: string; Description: string; agency: string }[] = [
  { Name: 'California', RateValue: '7.25', Description: 'Sales Tax', agency: '1' },
  { Name: 'San Francisco City', RateValue: '1.375', Description: 'Sales Tax', agency: '1' },
];
