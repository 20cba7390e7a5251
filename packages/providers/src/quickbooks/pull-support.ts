import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PullContext, PulledRecord, SkippedRecord } from '../types.js';
import { pick, quickbooksFailure, sendQuickbooks } from './client.js';

/**
 * What every QuickBooks reader shares: the query API's pages, QuickBooks' own times, and the
 * watermark an incremental pull starts from. Facts and sources: NOTES.md ("Pulls").
 */

/** MAXRESULTS' largest value: Intuit's query page, "The maximum number of entities ... is 1000". */
export const QUERY_PAGE_SIZE = 1000;

/**
 * Taken off QuickBooks' time of the first answer of a pull: what changed while the pull ran, or
 * is stamped a little late (MetaData keeps whole seconds), is read again rather than missed.
 * Intuit documents no lag; re-reading a record is harmless (upserted by its remote id).
 */
export const WATERMARK_MARGIN_MS = 5 * 60_000;

/** One record mapped to unified words, or the reason it cannot be. */
export type Mapped<F> = { record: PulledRecord<F> } | { skipped: SkippedRecord };

/** A string field, or undefined (also for an empty string). */
export function textOf(record: unknown, key: string): string | undefined {
  const value = pick(record, key);
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A reference's `value` (ParentRef, CurrencyRef), or undefined. */
export function refOf(record: unknown, key: string): string | undefined {
  return textOf(pick(record, key), 'value');
}

/** QuickBooks' date-time (`2015-07-24T10:35:08-07:00`) as RFC 3339 UTC, or undefined. */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** MetaData's CreateTime and LastUpdatedTime of a record, as the pulled record's times. */
export function metaTimes(record: unknown): { remoteCreatedAt?: string; remoteUpdatedAt?: string } {
  const meta = pick(record, 'MetaData');
  const created = isoTime(pick(meta, 'CreateTime'));
  const updated = isoTime(pick(meta, 'LastUpdatedTime'));
  return { ...(created ? { remoteCreatedAt: created } : {}), ...(updated ? { remoteUpdatedAt: updated } : {}) };
}

/**
 * A pulled record with the raw record as its remote data and MetaData's times. QuickBooks deletes
 * no name-list record (Account, Class, Department, TaxRate), it makes it inactive: an archive.
 */
export function pulledRecord<F>(remoteId: string, fields: F, row: unknown, active: boolean): { record: PulledRecord<F> } {
  const times = metaTimes(row);
  const removed = active ? {} : { removed: { kind: 'archived' as const, ...(times.remoteUpdatedAt ? { at: times.remoteUpdatedAt } : {}) } };
  return { record: { remoteId, fields, remoteData: row, ...times, ...removed } };
}

/** Where the next incremental pull starts: QuickBooks' time of an answer (its `time`) less the margin. */
export function watermarkOf(response: ProviderResponse): string {
  const at = Date.parse(String(pick(response.body, 'time') ?? ''));
  if (Number.isNaN(at)) throw new UnexpectedResponse('quickbooks', 'QuickBooks answered without its time', { status: response.status });
  return new Date(at - WATERMARK_MARGIN_MS).toISOString();
}

/** The body of a successful answer, or the ProviderError the answer means (classified as for a push). */
export function succeeded(response: ProviderResponse): unknown {
  const failure = quickbooksFailure(response);
  if (failure) throw failure;
  return response.body;
}

/**
 * One page of an entity, every record whether active or not (a name list answers active ones only
 * unless the query filters on Active), in Id order so that records created meanwhile come last
 * and no record moves between pages. `start` is 1-based.
 */
export async function queryPage(context: PullContext, entity: string, start: number, size: number): Promise<{ rows: unknown[]; response: ProviderResponse }> {
  const query = `select * from ${entity} where Active in (true, false) orderby Id startposition ${start} maxresults ${size}`;
  const response = await sendQuickbooks(context, { method: 'GET', path: '/query', query: { query } });
  const answer = pick(succeeded(response), 'QueryResponse');
  if (!answer || typeof answer !== 'object') {
    throw new UnexpectedResponse('quickbooks', 'QuickBooks answered a query without a QueryResponse', { status: response.status });
  }
  // `{}` when nothing is left.
  const rows = pick(answer, entity);
  return { rows: Array.isArray(rows) ? rows : [], response };
}

/** A page token of ours: JSON, readable only by the reader that wrote it. */
export function readToken<T extends object>(page: string, valid: (token: Record<string, unknown>) => boolean): T {
  let token: unknown;
  try {
    token = JSON.parse(page);
  } catch {
    token = undefined;
  }
  if (!token || typeof token !== 'object' || !valid(token as Record<string, unknown>)) {
    throw new Error(`not a QuickBooks page token: ${page.slice(0, 80)}`);
  }
  return token as T;
}
