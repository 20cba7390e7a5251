import { randomUUID } from 'node:crypto';
import { accountTypeInfo, defaultReporting } from '../accounts/account-types.js';
import type { XeroAccount } from '../accounts/types.js';
import { msDate } from '../render.js';
import type { TaxRegime } from './regimes.js';

/** One line of the default chart: the tax it takes is the country's sales, purchases or none rate. */
interface ChartLine {
  code: string;
  name: string;
  type: string;
  tax: 'sales' | 'purchases' | 'none';
  system?: string;
  bankAccountNumber?: string;
}

const line = (code: string, name: string, type: string, tax: ChartLine['tax'], system?: string): ChartLine => ({
  code,
  name,
  type,
  tax,
  ...(system ? { system } : {}),
});

/**
 * A faithful subset of the chart Xero gives a new organisation (codes, names and types as Xero
 * creates them; NOTES.md, "Default books"). The tax liability account (820) takes the country's
 * tax name. The two bank accounts are those of Xero's own examples (OpenAPI getAccounts).
 */
function chartLines(taxName: string): ChartLine[] {
  return [
    { ...line('090', 'Business Bank Account', 'BANK', 'none'), bankAccountNumber: '0209087654321050' },
    { ...line('091', 'Business Savings Account', 'BANK', 'none'), bankAccountNumber: '0209087654321051' },
    line('200', 'Sales', 'REVENUE', 'sales'),
    line('260', 'Other Revenue', 'REVENUE', 'sales'),
    line('270', 'Interest Income', 'REVENUE', 'none'),
    line('310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'purchases'),
    line('400', 'Advertising', 'OVERHEADS', 'purchases'),
    line('404', 'Bank Fees', 'OVERHEADS', 'none'),
    line('408', 'Cleaning', 'OVERHEADS', 'purchases'),
    line('412', 'Consulting & Accounting', 'OVERHEADS', 'purchases'),
    line('416', 'Depreciation', 'DEPRECIATN', 'none'),
    line('420', 'Entertainment', 'OVERHEADS', 'none'),
    line('425', 'Freight & Courier', 'OVERHEADS', 'purchases'),
    line('429', 'General Expenses', 'OVERHEADS', 'purchases'),
    line('433', 'Insurance', 'OVERHEADS', 'purchases'),
    line('437', 'Interest Expense', 'OVERHEADS', 'none'),
    line('441', 'Legal expenses', 'OVERHEADS', 'purchases'),
    line('445', 'Light, Power, Heating', 'OVERHEADS', 'purchases'),
    line('449', 'Motor Vehicle Expenses', 'OVERHEADS', 'purchases'),
    line('453', 'Office Expenses', 'OVERHEADS', 'purchases'),
    line('461', 'Printing & Stationery', 'OVERHEADS', 'purchases'),
    line('469', 'Rent', 'OVERHEADS', 'purchases'),
    line('473', 'Repairs and Maintenance', 'OVERHEADS', 'purchases'),
    line('477', 'Wages and Salaries', 'OVERHEADS', 'none'),
    line('485', 'Subscriptions', 'OVERHEADS', 'purchases'),
    line('489', 'Telephone & Internet', 'OVERHEADS', 'purchases'),
    line('493', 'Travel - National', 'OVERHEADS', 'purchases'),
    line('494', 'Travel - International', 'OVERHEADS', 'none'),
    line('497', 'Bank Revaluations', 'OVERHEADS', 'none', 'BANKCURRENCYGAIN'),
    line('498', 'Unrealised Currency Gains', 'OVERHEADS', 'none', 'UNREALISEDCURRENCYGAIN'),
    line('499', 'Realised Currency Gains', 'OVERHEADS', 'none', 'REALISEDCURRENCYGAIN'),
    line('505', 'Income Tax Expense', 'EXPENSE', 'none'),
    line('610', 'Accounts Receivable', 'CURRENT', 'none', 'DEBTORS'),
    line('620', 'Prepayments', 'CURRENT', 'none'),
    line('630', 'Inventory', 'INVENTORY', 'none'),
    line('710', 'Office Equipment', 'FIXED', 'purchases'),
    line('711', 'Less Accumulated Depreciation on Office Equipment', 'FIXED', 'none'),
    line('720', 'Computer Equipment', 'FIXED', 'purchases'),
    line('721', 'Less Accumulated Depreciation on Computer Equipment', 'FIXED', 'none'),
    line('800', 'Accounts Payable', 'CURRLIAB', 'none', 'CREDITORS'),
    line('801', 'Unpaid Expense Claims', 'CURRLIAB', 'none', 'UNPAIDEXPCLM'),
    line('820', taxName, 'CURRLIAB', 'none', 'GST'),
    line('830', 'Income Tax Payable', 'CURRLIAB', 'none'),
    line('840', 'Historical Adjustment', 'CURRLIAB', 'none', 'HISTORICAL'),
    line('850', 'Suspense', 'CURRLIAB', 'none'),
    line('860', 'Rounding', 'CURRLIAB', 'none', 'ROUNDING'),
    line('877', 'Tracking Transfers', 'CURRLIAB', 'none', 'TRACKINGTRANSFERS'),
    line('880', 'Owner A Drawings', 'EQUITY', 'none'),
    line('881', 'Owner A Funds Introduced', 'EQUITY', 'none'),
    line('900', 'Loan', 'TERMLIAB', 'none'),
    line('960', 'Retained Earnings', 'EQUITY', 'none', 'RETAINEDEARNINGS'),
    line('970', 'Owner A Share Capital', 'EQUITY', 'none'),
  ];
}

/** An account as Xero keeps one it made itself (not through the API). */
export function chartAccount(
  fields: { code: string; name: string; type: string; taxType: string; system?: string; bankAccountNumber?: string },
  at: number,
  currency: string,
): XeroAccount {
  const info = accountTypeInfo(fields.type) ?? { class: 'EXPENSE' as const, taxType: 'NONE' };
  const reporting = defaultReporting(info.class);
  const bank = fields.type === 'BANK';
  return {
    AccountID: randomUUID(),
    Code: fields.code,
    Name: fields.name,
    Status: 'ACTIVE',
    Type: fields.type,
    TaxType: fields.taxType,
    Class: info.class,
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: false,
    ...(bank ? { BankAccountNumber: fields.bankAccountNumber ?? '', BankAccountType: 'BANK', CurrencyCode: currency } : {}),
    ...(fields.system ? { SystemAccount: fields.system } : {}),
    ReportingCode: reporting.code,
    ReportingCodeName: reporting.name,
    HasAttachments: false,
    UpdatedDateUTC: msDate(at, true),
    AddToWatchlist: false,
  };
}

/** The default chart of a new organisation of the regime's country, made at `at`, its bank accounts in `currency`. */
export function defaultChart(regime: TaxRegime, at: number, currency: string): XeroAccount[] {
  return chartLines(regime.taxName).map((l) =>
    chartAccount(
      {
        code: l.code,
        name: l.name,
        type: l.type,
        taxType: regime[l.tax],
        ...(l.system ? { system: l.system } : {}),
        ...(l.bankAccountNumber ? { bankAccountNumber: l.bankAccountNumber } : {}),
      },
      at,
      currency,
    ),
  );
}
