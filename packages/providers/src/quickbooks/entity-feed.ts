import { ProviderRejected } from '../errors.js';
import type { PullContext, PullHandler, PullPage, PulledRecord, SkippedRecord } from '../types.js';
import { pick, sendQuickbooks } from './client.js';
import { type Mapped, QUERY_PAGE_SIZE, queryPage, readToken, refOf, succeeded, textOf, watermarkOf } from './pull-support.js';

/**
 * Reading one unified object from one or more QuickBooks entities (a tracking category is a Class
 * or a Department), one request per page: a full read through the query API, and an incremental
 * one through change data capture (CDC). Facts and sources: NOTES.md ("Pulls").
 */

/** How one entity's records become the object's. */
export interface EntityReader<F> {
  entity: string;
  /** The unified object's remote id for the entity's Id (unique across the object's entities). */
  remoteId(id: string): string;
  map(row: unknown): Mapped<F>;
}

/**
 * Where a read is: listing entity `i` from `start`, or its CDC from `since` (past `from`, the
 * pull's own since, after a cut-off answer); `w` the pull's watermark, '' until the first answer.
 */
type Token = { m: 'list'; i: number; start: number; w: string } | { m: 'cdc'; i: number; since: string; from: string; w: string };

/** CDC answers at most this many objects, the rest cut off (Intuit's CDC page). */
const CDC_MAX_OBJECTS = 1000;

const isToken = (t: Record<string, unknown>) =>
  typeof t.i === 'number' &&
  typeof t.w === 'string' &&
  ((t.m === 'list' && typeof t.start === 'number') || (t.m === 'cdc' && typeof t.since === 'string' && typeof t.from === 'string'));

function collect<F>(reader: EntityReader<F>, rows: unknown[]): { records: PulledRecord<F>[]; skipped: SkippedRecord[] } {
  const records: PulledRecord<F>[] = [];
  const skipped: SkippedRecord[] = [];
  for (const row of rows) {
    const mapped = reader.map(row);
    if ('record' in mapped) records.push(mapped.record);
    else skipped.push(mapped.skipped);
  }
  return { records, skipped };
}

/** After entity `i`'s last page: the next entity's first, or the end of the read. */
function after<F>(token: Token, readers: readonly EntityReader<F>[]): string | null {
  const i = token.i + 1;
  if (i >= readers.length) return null;
  const next: Token = token.m === 'list' ? { m: 'list', i, start: 1, w: token.w } : { m: 'cdc', i, since: token.from, from: token.from, w: token.w };
  return JSON.stringify(next);
}

async function listPage<F>(context: PullContext, readers: readonly EntityReader<F>[], token: Token & { m: 'list' }): Promise<PullPage<F>> {
  const reader = readers[token.i] as EntityReader<F>;
  const { rows, response } = await queryPage(context, reader.entity, token.start, QUERY_PAGE_SIZE);
  const w = token.w === '' ? watermarkOf(response) : token.w;
  const here = { ...token, w };
  const next = rows.length < QUERY_PAGE_SIZE ? after(here, readers) : JSON.stringify({ ...here, start: token.start + rows.length });
  return { ...collect(reader, rows), next, ...(next === null ? { watermark: w } : {}) };
}

/** CDC wants a date-time within the last 30 days; QuickBooks writes its own with an offset. */
function changedSince(since: string): string {
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new RangeError(`not a date-time: ${since}`);
  return `${new Date(Math.floor(at / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

async function cdcPage<F>(context: PullContext, readers: readonly EntityReader<F>[], token: Token & { m: 'cdc' }): Promise<PullPage<F>> {
  const reader = readers[token.i] as EntityReader<F>;
  const response = await sendQuickbooks(context, {
    method: 'GET',
    path: '/cdc',
    query: { entities: reader.entity, changedSince: changedSince(token.since) },
  });
  let body: unknown;
  try {
    body = succeeded(response);
  } catch (error) {
    // Beyond the 30-day look-back QuickBooks refuses the CDC: read everything instead, which in
    // QuickBooks shows every removal too (name lists are made inactive, never deleted).
    // The watermark is then the first list page's time, unless an earlier page of this pull set it.
    if (error instanceof ProviderRejected && /older than/i.test(error.message)) {
      return { records: [], skipped: [], next: JSON.stringify({ m: 'list', i: 0, start: 1, w: token.w } satisfies Token) };
    }
    throw error;
  }
  const w = token.w === '' ? watermarkOf(response) : token.w;
  const rows = cdcRows(body, reader.entity);
  const deleted = rows.filter((row) => textOf(row, 'status')?.toLowerCase() === 'deleted');
  const changed = rows.filter((row) => !deleted.includes(row));
  const page = collect(reader, changed);
  const deletedRemoteIds = deleted.flatMap((row) => {
    const id = textOf(row, 'Id');
    return id ? [reader.remoteId(id)] : [];
  });
  let next: string | null;
  if (rows.length < CDC_MAX_OBJECTS) {
    next = after({ ...token, w }, readers);
  } else {
    // Cut off at 1,000: ask again from the latest change read (objects come in order of change),
    // or, when a thousand changes share that second, read everything.
    const latest = Math.max(...changed.map((row) => Date.parse(String(pick(pick(row, 'MetaData'), 'LastUpdatedTime')))).filter(Number.isFinite));
    next =
      Number.isFinite(latest) && latest > Date.parse(token.since)
        ? JSON.stringify({ ...token, since: new Date(latest).toISOString(), w } satisfies Token)
        : JSON.stringify({ m: 'list', i: 0, start: 1, w } satisfies Token);
  }
  return { ...page, ...(deletedRemoteIds.length > 0 ? { deletedRemoteIds } : {}), next, ...(next === null ? { watermark: w } : {}) };
}

/** The rows of `entity` in a CDC answer: `CDCResponse[].QueryResponse[]`, one group per entity asked. */
export function cdcRows(body: unknown, entity: string): unknown[] {
  const responses = pick(body, 'CDCResponse');
  if (!Array.isArray(responses)) return [];
  return responses.flatMap((response) => {
    const groups = pick(response, 'QueryResponse');
    return (Array.isArray(groups) ? groups : [groups]).flatMap((group) => {
      const rows = pick(group, entity);
      return Array.isArray(rows) ? rows : [];
    });
  });
}

/**
 * A reader of the entities in order: `list` pages through each with the query API; `changes`
 * (when `cdc`) asks each entity's CDC since the watermark. The watermark the last page gives is
 * QuickBooks' time of the read's first answer, less a margin.
 */
export function entityPullHandler<F>(readers: readonly EntityReader<F>[], options: { cdc: boolean }): PullHandler<F> {
  const page = (context: PullContext, token: Token) => (token.m === 'list' ? listPage(context, readers, token) : cdcPage(context, readers, token));
  const handler: PullHandler<F> = {
    list: (context, at) => page(context, at === null ? { m: 'list', i: 0, start: 1, w: '' } : readToken<Token>(at, isToken)),
  };
  if (options.cdc) {
    handler.changes = (context, since, at) =>
      page(context, at === null ? { m: 'cdc', i: 0, since, from: since, w: '' } : readToken<Token>(at, isToken));
  }
  return handler;
}

/** The parent's remote id of a record with a ParentRef, or null. */
export function parentOf(row: unknown, remoteId: (id: string) => string): string | null {
  const parent = refOf(row, 'ParentRef');
  return parent === undefined ? null : remoteId(parent);
}
