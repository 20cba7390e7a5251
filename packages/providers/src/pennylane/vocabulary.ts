import type { AccountType, Classification } from '@ledgersync/unified';

/**
 * Pennylane keeps no account type: an account is what its number says in the French chart of
 * accounts (Plan comptable général). The first digit is the class, and the next ones narrow it:
 *
 * | class | PCG meaning | unified classification |
 * |---|---|---|
 * | 1 | capital (10–14) and long-term liabilities (15 provisions, 16–17 borrowings, 18 branch accounts) | Equity (10–14), Liability (15–18) |
 * | 2 | fixed assets (20–23 intangible and tangible, 26–27 financial; 28–29 their depreciation) | Asset |
 * | 3 | inventory and work in progress | Asset |
 * | 4 | third parties: 40 suppliers, 41 customers, 42–43 staff and social bodies, 44 State (VAT, taxes), 45–47 partners and sundry, 48 accruals (486 prepaid, 487 deferred revenue), 49 receivable provisions | Liability (40, 42, 43, 487), Asset (41, 486, 49, 4456 deductible VAT), either (44–48) |
 * | 5 | financial: 50 securities, 51 banks (512), 519 overdrafts, 53 cash, 58 internal transfers | Asset (Liability for 519) |
 * | 6 | expenses: 60 purchases, 61–62 external services, 63 taxes, 64 staff, 65 other, 66 financial, 67 exceptional, 68 depreciation, 69 income tax | Expense |
 * | 7 | revenue: 70 sales, 71–72 production, 74 subsidies, 75–79 other, financial, exceptional, reversals | Revenue |
 * | 8, 9 | special and analytical accounts | none |
 *
 * Reading an account back, the longest matching prefix gives its classification and a unified
 * type; a prefix that can hold both sides (44 State, 45–47 sundry, 48 accruals) gives neither, as
 * the number alone cannot say.
 */
interface ChartEntry {
  /** Classifications an account under this prefix can have. */
  classifications: readonly Classification[];
  /** The unified type an account under this prefix reads back as, when one fits. */
  type?: AccountType;
}

const EQUITY: ChartEntry = { classifications: ['Equity'], type: 'Equity' };
const LONG_TERM: ChartEntry = { classifications: ['Liability'], type: 'Long Term Liability' };
const FIXED: ChartEntry = { classifications: ['Asset'], type: 'Fixed Asset' };
const CURRENT_LIABILITY: ChartEntry = { classifications: ['Liability'], type: 'Current Liability' };
const EITHER: ChartEntry = { classifications: ['Asset', 'Liability'] };
const OTHER_INCOME: ChartEntry = { classifications: ['Revenue'], type: 'Other Income' };
const OTHER_EXPENSE: ChartEntry = { classifications: ['Expense'], type: 'Other Expense' };
const EXPENSE: ChartEntry = { classifications: ['Expense'], type: 'Expense' };

/** PCG prefixes, matched longest first. */
export const FRENCH_CHART: Readonly<Record<string, ChartEntry>> = {
  '1': { classifications: ['Equity', 'Liability'] },
  '10': EQUITY,
  '11': EQUITY,
  '12': EQUITY,
  '13': EQUITY,
  '14': EQUITY,
  '15': LONG_TERM,
  '16': LONG_TERM,
  '17': LONG_TERM,
  '18': LONG_TERM,
  '2': FIXED,
  '26': { classifications: ['Asset'], type: 'Non-current Asset' },
  '27': { classifications: ['Asset'], type: 'Non-current Asset' },
  '3': { classifications: ['Asset'], type: 'Inventory' },
  '4': EITHER,
  '40': { classifications: ['Liability'], type: 'Accounts Payable' },
  '41': { classifications: ['Asset'], type: 'Accounts Receivable' },
  '42': CURRENT_LIABILITY,
  '43': CURRENT_LIABILITY,
  '4456': { classifications: ['Asset'], type: 'Current Asset' },
  '4457': CURRENT_LIABILITY,
  '486': { classifications: ['Asset'], type: 'Prepayment' },
  '487': CURRENT_LIABILITY,
  '49': { classifications: ['Asset'], type: 'Current Asset' },
  '5': { classifications: ['Asset'], type: 'Current Asset' },
  '51': { classifications: ['Asset'], type: 'Bank' },
  '519': CURRENT_LIABILITY,
  '53': { classifications: ['Asset'], type: 'Bank' },
  '6': EXPENSE,
  '60': { classifications: ['Expense'], type: 'Cost of Goods Sold' },
  '61': { classifications: ['Expense'], type: 'Overhead' },
  '62': { classifications: ['Expense'], type: 'Overhead' },
  '65': OTHER_EXPENSE,
  '66': OTHER_EXPENSE,
  '67': OTHER_EXPENSE,
  '68': { classifications: ['Expense'], type: 'Depreciation' },
  '7': { classifications: ['Revenue'], type: 'Revenue' },
  '70': { classifications: ['Revenue'], type: 'Sales' },
  '74': OTHER_INCOME,
  '75': OTHER_INCOME,
  '76': OTHER_INCOME,
  '77': OTHER_INCOME,
  '78': OTHER_INCOME,
  '79': OTHER_INCOME,
};

/** What the PCG class digit means, for messages. */
export const CLASS_NAMES: Readonly<Record<string, string>> = {
  '1': 'equity and long-term liabilities',
  '2': 'fixed assets',
  '3': 'inventory',
  '4': 'third parties (receivables and payables)',
  '5': 'financial accounts',
  '6': 'expenses',
  '7': 'revenue',
  '8': 'special accounts',
  '9': 'analytical accounts',
};

/** A Pennylane account number: digits only, its first digit a class (never 0). */
export const PENNYLANE_NUMBER = /^[1-9]\d*$/;

/** The chart entry of the longest prefix of `number`, or undefined (class 8, 9, or not a number). */
export function chartEntry(number: string): ChartEntry | undefined {
  if (!PENNYLANE_NUMBER.test(number)) return undefined;
  for (let length = Math.min(number.length, 4); length > 0; length--) {
    const entry = FRENCH_CHART[number.slice(0, length)];
    if (entry) return entry;
  }
  return undefined;
}

/** The unified classification and type an account number reads back as (either may be absent). */
export function fromAccountNumber(number: string): { classification?: Classification; type?: AccountType } {
  const entry = chartEntry(number);
  const classification = entry?.classifications.length === 1 ? entry.classifications[0] : undefined;
  return { ...(classification ? { classification } : {}), ...(entry?.type ? { type: entry.type } : {}) };
}
