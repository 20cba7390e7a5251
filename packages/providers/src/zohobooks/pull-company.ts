import type { PulledCompanyInfoFields } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { PullContext, PullHandler } from '../types.js';
import { PROVIDER, readZohoEnvelope, record, sendZoho, text } from './client.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * The month (0 = January) a fiscal year starts in: Zoho writes the month's name on create and
 * answers a number on get (`0` in its own example, January: so counted from 0, NOTES.md).
 */
function startMonthIndex(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 11) return value;
  if (typeof value === 'string') {
    const index = MONTHS.indexOf(value.trim().toLowerCase());
    if (index >= 0) return index;
  }
  return undefined;
}

// Days in each month of a common year: a fiscal year ending in February ends on the 28th.
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The organisation in unified words: its fiscal year ends the day before the start month's first. */
export function fromZohoOrganization(organization: Record<string, unknown>): PulledCompanyInfoFields {
  const start = startMonthIndex(organization.fiscal_year_start_month);
  const endIndex = start === undefined ? undefined : (start + 11) % 12;
  const website = text(organization.website);
  // Zoho's address names its country ("U.S.A"), no ISO code: only a two-letter code is taken.
  const country = text(organization.country_code) ?? text(record(organization.address)?.country_code);
  return {
    name: text(organization.name) ?? null,
    currency: text(organization.currency_code) ?? null,
    ...(endIndex === undefined ? {} : { fiscal_year_end_month: endIndex + 1, fiscal_year_end_day: MONTH_DAYS[endIndex] ?? null }),
    ...(website ? { urls: [website] } : {}),
    ...(country && /^[A-Za-z]{2}$/.test(country) ? { country: country.toUpperCase() } : {}),
  };
}

/** `GET /organizations/{organization_id}` (Get an organization): one record, the connection's organisation. */
export const zohobooksCompanyReader: PullHandler<PulledCompanyInfoFields> = {
  async list(context: PullContext) {
    const path = `/organizations/${encodeURIComponent(context.tenantId)}`;
    const body = readZohoEnvelope(await sendZoho(context, { method: 'GET', path }));
    const organization = record(body.organization);
    const id = text(organization?.organization_id) ?? context.tenantId;
    if (!organization) throw new UnexpectedResponse(PROVIDER, 'Zoho Books answered Get an organization without organization');
    return { records: [{ remoteId: id, fields: fromZohoOrganization(organization), remoteData: organization }], skipped: [], next: null };
  },
};
