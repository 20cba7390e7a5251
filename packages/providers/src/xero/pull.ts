import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PullContext, PulledRecord, PullPage, SkippedRecord } from '../types.js';
import { classifyXeroFailure, isRecord, sendXero, xeroQuotaPauses } from './client.js';
import { parseMsJsonDate } from './ms-json-date.js';

/**
 * What the readers share. Xero's settings lists (Accounts, TaxRates, TrackingCategories,
 * Organisation) have no pages: one answer holds every record (NOTES.md, "Pulling"). So a reader
 * makes one request, and its page is the last one (`next: null`).
 */

/**
 * How far before Xero's time of a read the next incremental read starts. `If-Modified-Since` is
 * "accurate to the second" and a change being written as Xero answers may carry an earlier
 * UpdatedDateUTC; reading a minute twice costs nothing (records are upserted by id), missing a
 * change costs a stale record until the next full pull.
 */
export const WATERMARK_MARGIN_MS = 60_000;

/** A record mapped to unified words, or why it cannot be. */
export type Mapped<F> = { record: PulledRecord<F> } | { skipped: SkippedRecord };

export interface XeroListRequest {
  path: string;
  /** The answer's collection: `Accounts`, `TaxRates`, `TrackingCategories`, `Organisations`. */
  collection: string;
  query?: Record<string, string>;
  /** RFC 3339: only what changed since (the `If-Modified-Since` header), where the operation takes it. */
  modifiedSince?: string;
}

/** `If-Modified-Since` as the OpenAPI document has it (a date-time), in UTC and to the second, rounded down. */
export function ifModifiedSince(since: string): string {
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new Error(`not an RFC 3339 time: ${since}`);
  return new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The next incremental read's start: Xero's `DateTimeUTC` of this answer, less the margin. */
function watermarkOf(body: Record<string, unknown>): string | undefined {
  const at = parseMsJsonDate(body.DateTimeUTC);
  return at ? new Date(Date.parse(at) - WATERMARK_MARGIN_MS).toISOString() : undefined;
}

/**
 * One list request, its records mapped by `map` one at a time: a record that cannot be mapped is
 * skipped with its reason, the rest of the page goes on. Failures are classified as for a push.
 * A 304 (which Xero does not document, NOTES.md) is read as "nothing changed".
 */
export async function pullXeroList<F>(
  context: PullContext,
  request: XeroListRequest,
  map: (element: Record<string, unknown>) => Mapped<F>[],
): Promise<PullPage<F>> {
  const response = await sendXero(context, {
    method: 'GET',
    path: request.path,
    ...(request.query ? { query: request.query } : {}),
    ...(request.modifiedSince ? { headers: { 'If-Modified-Since': ifModifiedSince(request.modifiedSince) } } : {}),
  });
  return readXeroList(response, request.collection, map);
}

/** Reads a list answer (exported for the tests of answers the fake never gives). */
export function readXeroList<F>(
  response: ProviderResponse,
  collection: string,
  map: (element: Record<string, unknown>) => Mapped<F>[],
): PullPage<F> {
  const pauses = xeroQuotaPauses(response.headers);
  if (response.status === 304) return { records: [], skipped: [], next: null, ...pauses };
  if (response.status !== 200) throw classifyXeroFailure(response);
  const body = response.body;
  if (!isRecord(body) || !Array.isArray(body[collection])) {
    throw new UnexpectedResponse('xero', `Xero answered 200 without ${collection}`, { status: 200 });
  }
  const page: PullPage<F> = { records: [], skipped: [], next: null, ...pauses };
  for (const element of body[collection] as unknown[]) {
    if (!isRecord(element)) {
      page.skipped.push({ remoteId: '', reason: `Xero answered an element of ${collection} that is not an object` });
      continue;
    }
    for (const mapped of map(element)) {
      if ('record' in mapped) page.records.push(mapped.record);
      else page.skipped.push(mapped.skipped);
    }
  }
  const watermark = watermarkOf(body);
  return watermark ? { ...page, watermark } : page;
}

/** Xero's Status of a settings record as a removal: ARCHIVED and DELETED are reported, never dropped. */
export function removalOf(status: unknown, at: string | undefined): PulledRecord<unknown>['removed'] {
  if (status !== 'ARCHIVED' && status !== 'DELETED') return undefined;
  return { kind: status === 'DELETED' ? 'deleted' : 'archived', ...(at ? { at } : {}) };
}
