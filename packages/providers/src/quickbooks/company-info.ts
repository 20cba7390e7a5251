import type { PulledCompanyInfoFields } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { pick, sendQuickbooks } from './client.js';
import { metaTimes, readToken, refOf, succeeded, textOf, watermarkOf } from './pull-support.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// The last day of each month of a year that is not a leap year (a February year end is the 28th).
const LAST_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The fiscal year's last month and day, from the month it starts (`January` → December 31). */
export function fiscalYearEnd(startMonth: string | undefined): { month: number; day: number } | null {
  const start = startMonth === undefined ? -1 : MONTHS.indexOf(startMonth.toLowerCase());
  if (start < 0) return null;
  const end = (start + 11) % 12;
  return { month: end + 1, day: LAST_DAYS[end] as number };
}

/** What the first request (Preferences) leaves for the second (CompanyInfo). */
interface Token {
  currency: string | null;
  fiscalStart: string | null;
  w: string;
}

const isToken = (t: Record<string, unknown>) => typeof t.w === 'string' && (t.currency === null || typeof t.currency === 'string');

/** CompanyInfo with Preferences' home currency, in unified words. */
export function pulledCompanyInfo(info: unknown, preferences: Omit<Token, 'w'>): PulledCompanyInfoFields {
  const end = fiscalYearEnd(textOf(info, 'FiscalYearStartMonth') ?? preferences.fiscalStart ?? undefined);
  const country = textOf(info, 'Country')?.toUpperCase();
  const url = textOf(pick(info, 'WebAddr'), 'URI');
  return {
    name: textOf(info, 'CompanyName') ?? null,
    legal_name: textOf(info, 'LegalName') ?? null,
    tax_number: textOf(info, 'EmployerId') ?? null,
    fiscal_year_end_month: end?.month ?? null,
    fiscal_year_end_day: end?.day ?? null,
    currency: preferences.currency,
    urls: url ? [url] : [],
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
  };
}

async function get(context: PullContext, path: string) {
  const response = await sendQuickbooks(context, { method: 'GET', path });
  return { response, body: succeeded(response) };
}

/**
 * The company: two requests, two pages. CompanyInfo has no home currency, Preferences has it
 * (CurrencyPrefs.HomeCurrency): the first page reads Preferences and hands its facts on in the
 * token, the second reads `/companyinfo/{realmId}` and gives the one record. No change feed: each
 * pull reads it again (two requests).
 */
export const quickbooksCompanyInfoPull: PullHandler<PulledCompanyInfoFields> = {
  async list(context, page): Promise<PullPage<PulledCompanyInfoFields>> {
    if (page === null) {
      const { response, body } = await get(context, '/preferences');
      const preferences = pick(body, 'Preferences');
      const token: Token = {
        currency: refOf(pick(preferences, 'CurrencyPrefs'), 'HomeCurrency') ?? null,
        fiscalStart: textOf(pick(preferences, 'AccountingInfoPrefs'), 'FirstMonthOfFiscalYear') ?? null,
        w: watermarkOf(response),
      };
      return { records: [], skipped: [], next: JSON.stringify(token) };
    }
    const token = readToken<Token>(page, isToken);
    const { response, body } = await get(context, `/companyinfo/${encodeURIComponent(context.tenantId)}`);
    const info = pick(body, 'CompanyInfo');
    const id = textOf(info, 'Id');
    if (!info || !id) throw new UnexpectedResponse('quickbooks', 'QuickBooks answered a CompanyInfo read without CompanyInfo.Id', { status: response.status });
    return {
      records: [{ remoteId: id, fields: pulledCompanyInfo(info, token), remoteData: info, ...metaTimes(info) }],
      skipped: [],
      next: null,
      watermark: token.w,
    };
  },
};
