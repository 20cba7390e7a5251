import type { PulledCompanyInfoFields } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { classifySageFailure, PROVIDER, record, sendSage, text } from './client.js';
import { sageTimeOf } from './list.js';

type Fields = PulledCompanyInfoFields;

/** What the first request read, carried to the second (opaque to the pipeline). */
interface Halfway {
  business: Record<string, unknown>;
}

async function readJson(context: PullContext, path: string): Promise<Record<string, unknown>> {
  const response = await sendSage(context, { method: 'GET', path });
  if (response.status !== 200) throw classifySageFailure(response);
  const body = record(response.body);
  if (!body) throw new UnexpectedResponse(PROVIDER, `Sage answered ${path} without an object`, { status: response.status });
  return body;
}

/** `YYYY-MM-DD` → its month and day, when it is a date. */
function monthDay(value: unknown): { month: number; day: number } | undefined {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(text(value) ?? '');
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : undefined;
}

/**
 * The company: the business (`GET /businesses/{id}`: name, country, website) and its financial
 * settings (`GET /financial_settings`: base currency, year end, tax number), as one record.
 */
export function pulledCompanyInfo(business: Record<string, unknown>, financial: Record<string, unknown>): PullPage<Fields> {
  const id = text(business.id);
  if (!id) return { records: [], skipped: [{ remoteId: '', reason: 'Sage answered a business without an id' }], next: null };
  const country = text(record(business.country)?.id)?.toUpperCase();
  const currency = text(record(financial.base_currency)?.id)?.toUpperCase();
  const yearEnd = monthDay(financial.year_end_date);
  const website = text(business.website);
  const createdAt = sageTimeOf(business.created_at);
  // The later of the two: either changing is a change of the company.
  const updatedAt = [sageTimeOf(business.updated_at), sageTimeOf(financial.updated_at)]
    .filter((at): at is string => at !== undefined)
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  return {
    records: [
      {
        remoteId: id,
        fields: {
          name: text(business.name) ?? text(business.displayed_as) ?? null,
          legal_name: null,
          tax_number: text(financial.tax_number) ?? null,
          fiscal_year_end_month: yearEnd?.month ?? null,
          fiscal_year_end_day: yearEnd?.day ?? null,
          currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
          urls: website ? [website] : [],
          country: country && /^[A-Z]{2}$/.test(country) ? country : null,
        },
        remoteData: { business, financial_settings: financial },
        ...(createdAt ? { remoteCreatedAt: createdAt } : {}),
        ...(updatedAt ? { remoteUpdatedAt: updatedAt } : {}),
      },
    ],
    skipped: [],
    next: null,
  };
}

/**
 * Two requests, one a page: the business, then its financial settings. Neither takes a
 * modified-since filter, so there is no change feed: each read is whole (two requests).
 */
export const sageCompanyInfoReader: PullHandler<Fields> = {
  async list(context: PullContext, page: string | null): Promise<PullPage<Fields>> {
    if (page === null) {
      const business = await readJson(context, `/businesses/${encodeURIComponent(context.tenantId)}`);
      return { records: [], skipped: [], next: JSON.stringify({ business } satisfies Halfway) };
    }
    const { business } = JSON.parse(page) as Halfway;
    return pulledCompanyInfo(business, await readJson(context, '/financial_settings'));
  },
};
