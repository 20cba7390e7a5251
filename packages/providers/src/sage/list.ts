import { UnexpectedResponse } from '../errors.js';
import type { PullContext, PulledRecord, PullHandler, PullPage, SkippedRecord } from '../types.js';
import { classifySageFailure, PROVIDER, record, sendSage, text } from './client.js';
import { SAGE_PAGE_SIZE } from './descriptor.js';

/**
 * Where a read is: the page to ask for next (from 1) and the server's time when the read began
 * (its `Date` header), which becomes the watermark of the next incremental read.
 */
export interface Cursor {
  page: number;
  at?: string;
  /** For readers that walk several lists one after the other (analysis types, then categories). */
  step?: number;
}

export function readCursor(token: string | null): Cursor {
  if (token === null) return { page: 1 };
  const parsed = JSON.parse(token) as Cursor;
  if (!Number.isSafeInteger(parsed.page) || parsed.page < 1) throw new TypeError(`not a Sage page cursor: ${token}`);
  return parsed;
}

export const writeCursor = (cursor: Cursor): string => JSON.stringify(cursor);

/**
 * `updated_or_created_since` for a watermark: whole seconds, rounded down, in UTC. Sage's filter is
 * "inclusive of the passed timestamp" and stamps records to the second, so rounding down only
 * reads a record again, never misses one.
 */
export function sageSince(since: string): string {
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new TypeError(`not a time: ${since}`);
  return new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The server's time of an answer (its `Date` header) as RFC 3339, when it sent a readable one. */
function serverTime(headers: Headers): string | undefined {
  const value = headers.get('date');
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** One record of a list mapped, or the reason it cannot be. */
export type Mapped<F> = { record: PulledRecord<F> } | { skipped: SkippedRecord };

export interface ListRequest<F> {
  /** Under `/v3.1`, e.g. `/ledger_accounts`. */
  path: string;
  query: Record<string, string>;
  map(item: Record<string, unknown>): Mapped<F>;
}

/** The page of `items` mapped: records and skipped apart, the rest of the page read on past a bad one. */
export function mapItems<F>(items: unknown[], map: (item: Record<string, unknown>) => Mapped<F>): Pick<PullPage<F>, 'records' | 'skipped'> {
  const records: PulledRecord<F>[] = [];
  const skipped: SkippedRecord[] = [];
  for (const item of items) {
    const found = record(item);
    const mapped: Mapped<F> = found ? map(found) : { skipped: { remoteId: '', reason: 'Sage listed an item that is not an object' } };
    if ('record' in mapped) records.push(mapped.record);
    else skipped.push(mapped.skipped);
  }
  return { records, skipped };
}

/**
 * One request for one page of a Sage list (`$items`, `$next`): its records mapped, the cursor of
 * the next page, or, after the last, the watermark (the server's time when the read began).
 * `after` is what comes once this list is done (another list of the same reader), if anything.
 */
export async function readSageListPage<F>(
  context: PullContext,
  cursor: Cursor,
  request: ListRequest<F>,
  after?: Cursor,
): Promise<PullPage<F>> {
  const response = await sendSage(context, {
    method: 'GET',
    path: request.path,
    query: { ...request.query, items_per_page: String(SAGE_PAGE_SIZE), page: String(cursor.page) },
  });
  if (response.status !== 200) throw classifySageFailure(response);
  const body = record(response.body);
  const items = body?.$items;
  if (!Array.isArray(items)) {
    throw new UnexpectedResponse(PROVIDER, `Sage answered ${request.path} without $items`, { status: response.status });
  }
  const at = cursor.at ?? serverTime(response.headers);
  const page = mapItems(items, request.map);
  // Sage answers a page past the last with the last page again: the end is where `$next` is null.
  if (text(body?.$next)) return { ...page, next: writeCursor({ ...cursor, page: cursor.page + 1, ...(at ? { at } : {}) }) };
  if (after) return { ...page, next: writeCursor({ ...after, ...(at ? { at } : {}) }) };
  return { ...page, next: null, ...(at ? { watermark: at } : {}) };
}

/** An RFC 3339 time Sage gave (`created_at`, `updated_at`), when it gave a readable one. */
export function sageTimeOf(value: unknown): string | undefined {
  const at = text(value);
  return at && !Number.isNaN(Date.parse(at)) ? at : undefined;
}

/**
 * The reader of one Sage list: every record with all its attributes, 200 a page; changes with
 * `updated_or_created_since` (the lists this serves all take it: NOTES.md).
 */
export function sageListReader<F>(path: string, map: (item: Record<string, unknown>) => Mapped<F>): PullHandler<F> {
  const query = { attributes: 'all' };
  return {
    list: (context, page) => readSageListPage(context, readCursor(page), { path, query, map }),
    changes: (context, since, page) =>
      readSageListPage(context, readCursor(page), { path, query: { ...query, updated_or_created_since: sageSince(since) }, map }),
  };
}
