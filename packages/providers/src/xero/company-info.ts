import type { PulledCompanyInfoFields } from '@ledgersync/unified';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { isRecord, text } from './client.js';
import { parseMsJsonDate } from './ms-json-date.js';
import { type Mapped, pullXeroList } from './pull.js';

function within(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** The organisation's links, its Website first ("You can also add link to your website here", OpenAPI ExternalLinks). */
function urlsOf(links: unknown): string[] | null {
  if (!Array.isArray(links)) return null;
  const all = links.filter(isRecord).filter((link) => text(link.Url) !== undefined);
  const website = all.filter((link) => link.LinkType === 'Website');
  const urls = [...website, ...all.filter((link) => link.LinkType !== 'Website')].map((link) => text(link.Url) as string);
  return urls.length > 0 ? urls : null;
}

/**
 * The Organisation in unified words. Xero's FinancialYearEndDay is documented "0-31": a day
 * outside 1-31 (or a month outside 1-12) is left unread rather than stored as a date that is none.
 */
export function pulledXeroOrganisation(organisation: Record<string, unknown>): Mapped<PulledCompanyInfoFields> {
  const remoteId = text(organisation.OrganisationID);
  if (!remoteId) return { skipped: { remoteId: '', reason: 'Xero answered an Organisation without an OrganisationID' } };
  const createdAt = parseMsJsonDate(organisation.CreatedDateUTC);
  const fields: PulledCompanyInfoFields = {
    name: text(organisation.Name) ?? null,
    legal_name: text(organisation.LegalName) ?? null,
    tax_number: text(organisation.TaxNumber) ?? null,
    fiscal_year_end_month: within(organisation.FinancialYearEndMonth, 1, 12),
    fiscal_year_end_day: within(organisation.FinancialYearEndDay, 1, 31),
    currency: text(organisation.BaseCurrency) ?? null,
    urls: urlsOf(organisation.ExternalLinks),
    country: text(organisation.CountryCode) ?? null,
  };
  return { record: { remoteId, fields, remoteData: organisation, ...(createdAt ? { remoteCreatedAt: createdAt } : {}) } };
}

/**
 * `GET /Organisation` (getOrganisations): the tenant's organisation, in a list of one. The
 * operation takes no If-Modified-Since and the Organisation has no UpdatedDateUTC: every pull is
 * full, and the pipeline diffs it (descriptor `changes: 'none'`).
 */
export const xeroCompanyInfoPull: PullHandler<PulledCompanyInfoFields> = {
  list(context: PullContext): Promise<PullPage<PulledCompanyInfoFields>> {
    return pullXeroList(context, { path: '/Organisation', collection: 'Organisations' }, (o) => [pulledXeroOrganisation(o)]);
  },
};
