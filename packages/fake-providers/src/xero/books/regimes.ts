/**
 * The tax rates Xero gives a new organisation, per country (its "Version"), and which of them its
 * default chart's accounts take. New Zealand's are the OpenAPI document's getTaxRates example (a
 * new NZ organisation's rates); Australia's and the United Kingdom's follow Xero's published
 * defaults for those countries (NOTES.md, "Default books").
 */

/** A TaxRate as Xero answers it. */
export interface XeroTaxRate {
  Name: string;
  TaxType: string;
  ReportTaxType: string;
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
  /** Percent (Xero: "decimal to 4dp"); a JSON number, so `15.0000` reaches the client as `15`. */
  DisplayTaxRate: number;
  EffectiveRate: number;
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED' | 'PENDING';
  TaxComponents: { Name: string; Rate: number; IsCompound: boolean; IsNonRecoverable: boolean }[];
}

/** A country's default tax rates, and the TaxType its chart gives income, purchases and the rest. */
export interface TaxRegime {
  currency: string;
  /** What the tax liability account (820) is called: GST, VAT. */
  taxName: string;
  sales: string;
  purchases: string;
  none: string;
  rates: XeroTaxRate[];
}

// Which accounts a rate can go on: `sales` is income and the balance sheet (as Xero's NZ output rate).
type Applies = 'expenses' | 'income' | 'sales' | 'both' | 'liabilities';

function rate(Name: string, TaxType: string, ReportTaxType: string, percent: number, applies: Applies, component: string): XeroTaxRate {
  const income = applies === 'income' || applies === 'sales' || applies === 'both';
  const expenses = applies === 'expenses' || applies === 'both';
  const balanceSheet = expenses || applies === 'sales';
  return {
    Name,
    TaxType,
    ReportTaxType,
    CanApplyToAssets: balanceSheet,
    CanApplyToEquity: balanceSheet,
    CanApplyToExpenses: expenses,
    CanApplyToLiabilities: true,
    CanApplyToRevenue: income,
    DisplayTaxRate: percent,
    EffectiveRate: percent,
    Status: 'ACTIVE',
    TaxComponents: [{ Name: component, Rate: percent, IsCompound: false, IsNonRecoverable: false }],
  };
}

export const TAX_REGIMES: Record<string, TaxRegime> = {
  NZ: {
    currency: 'NZD',
    taxName: 'GST',
    sales: 'OUTPUT2',
    purchases: 'INPUT2',
    none: 'NONE',
    rates: [
      rate('15% GST on Expenses', 'INPUT2', 'INPUT', 15, 'expenses', 'GST'),
      rate('15% GST on Income', 'OUTPUT2', 'OUTPUT', 15, 'sales', 'GST'),
      rate('GST on Imports', 'GSTONIMPORTS', 'GSTONIMPORTS', 0, 'liabilities', 'GST'),
      rate('No GST', 'NONE', 'NONE', 0, 'both', 'GST'),
      rate('Zero Rated', 'ZERORATED', 'OUTPUT', 0, 'income', 'GST'),
    ],
  },
  AU: {
    currency: 'AUD',
    taxName: 'GST',
    sales: 'OUTPUT',
    purchases: 'INPUT',
    none: 'BASEXCLUDED',
    rates: [
      rate('BAS Excluded', 'BASEXCLUDED', 'BASEXCLUDED', 0, 'both', 'GST'),
      rate('GST Free Expenses', 'EXEMPTEXPENSES', 'INPUT', 0, 'expenses', 'GST'),
      rate('GST Free Income', 'EXEMPTOUTPUT', 'OUTPUT', 0, 'income', 'GST'),
      rate('GST on Expenses', 'INPUT', 'INPUT', 10, 'expenses', 'GST'),
      rate('GST on Imports', 'GSTONIMPORTS', 'GSTONIMPORTS', 0, 'liabilities', 'GST'),
      rate('GST on Income', 'OUTPUT', 'OUTPUT', 10, 'income', 'GST'),
    ],
  },
  GB: {
    currency: 'GBP',
    taxName: 'VAT',
    sales: 'OUTPUT2',
    purchases: 'INPUT2',
    none: 'NONE',
    rates: [
      rate('20% (VAT on Expenses)', 'INPUT2', 'INPUT', 20, 'expenses', 'VAT'),
      rate('20% (VAT on Income)', 'OUTPUT2', 'OUTPUT', 20, 'income', 'VAT'),
      rate('5% (VAT on Expenses)', 'RRINPUT', 'INPUT', 5, 'expenses', 'VAT'),
      rate('5% (VAT on Income)', 'RROUTPUT', 'OUTPUT', 5, 'income', 'VAT'),
      rate('Exempt Expenses', 'EXEMPTINPUT', 'INPUT', 0, 'expenses', 'VAT'),
      rate('Exempt Income', 'EXEMPTOUTPUT', 'OUTPUT', 0, 'income', 'VAT'),
      rate('No VAT', 'NONE', 'NONE', 0, 'both', 'VAT'),
      rate('Zero Rated Expenses', 'ZERORATEDINPUT', 'INPUT', 0, 'expenses', 'VAT'),
      rate('Zero Rated Income', 'ZERORATEDOUTPUT', 'OUTPUT', 0, 'income', 'VAT'),
    ],
  },
};

/** The countries whose default books the fake knows. */
export const BOOK_COUNTRIES = Object.keys(TAX_REGIMES);

export function taxRegime(countryCode: string): TaxRegime {
  const regime = TAX_REGIMES[countryCode];
  if (!regime) throw new Error(`the Xero fake has default books for ${BOOK_COUNTRIES.join(', ')}, not ${countryCode}`);
  return regime;
}
