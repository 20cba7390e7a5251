import {
  type EventType,
  objectEventType,
  type PullEvent,
  type PulledFields,
  type PulledObjectName,
  stringifyJsonExact,
} from '@ledgersync/unified';
import { and, asc, count, eq, getTableColumns, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { uuidv7 } from 'uuidv7';
import { type Executor, rowsOf } from '../client.js';
import { type accounts, connections, events, webhookDeliveries, webhookEndpoints } from '../schema/index.js';
import { NEW_UUIDV7, recordOutcome } from './outcomes.js';
import { type PulledTable, RECORDS, type RecordScope } from './records.js';

/** One record as a provider's reader gives it (packages/providers PulledRecord), in unified words. */
export interface IncomingRecord<F> {
  remoteId: string;
  fields: F;
  remoteData: unknown;
  remoteUpdatedAt?: string;
  removed?: { kind: 'deleted' | 'archived'; at?: string };
}

/** What one page of a pull changed, for the pass's counts and the deliveries to enqueue. */
export interface AppliedPage {
  added: number;
  updated: number;
  deleted: number;
  /** Records left alone because a push of theirs is pending or running (the push has the last word). */
  heldBack: string[];
  deliveryIds: string[];
}

type Row = Record<string, unknown> & { id: string; remoteId: string | null; syncStatus: string; direction: string };

const columnsOf = (table: PulledTable) =>
  Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, name: column.name === key ? toSnakeCase(key) : column.name }));
const columnCache = new Map<PulledTable, { key: string; name: string }[]>();
function columns(table: PulledTable) {
  let list = columnCache.get(table);
  if (!list) {
    list = columnsOf(table);
    columnCache.set(table, list);
  }
  return list;
}

// Never rewritten by a pull: who owns the row, its id, when it was stored, which way it moves.
const KEPT = new Set(['id', 'projectId', 'connectionId', 'createdAt', 'direction']);
const UNFINISHED = new Set(['pending', 'pushing']);
const same = (a: unknown, b: unknown) => stringifyJsonExact(a ?? null) === stringifyJsonExact(b ?? null);
const timeOf = (at: string | undefined, fallback: Date) => {
  const parsed = at ? new Date(at) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : fallback;
};

/**
 * Stores one page of a pull, by `(connection_id, remote_id)`: a record ledgersync pushed and now
 * reads is the same row (same id, direction kept); a record whose push is pending or running is
 * left alone; a record gone at the provider is kept with `remote_deleted_at`. The events (`added`,
 * `updated`, `deleted`; none when nothing changed) and one delivery per subscribed endpoint are
 * written by the same statement as the rows, after the page's rows were read under a lock (two
 * statements, one transaction). Then the page's references are resolved (a parent's provider id →
 * its ledgersync id), in either direction: a child of this page, or this page's parents' children.
 */
export async function applyPulledPage<O extends PulledObjectName>(
  db: Executor,
  object: O,
  scope: RecordScope,
  page: { records: readonly IncomingRecord<PulledFields[O]>[]; deletedRemoteIds?: readonly string[] },
  now = new Date(),
): Promise<AppliedPage> {
  const kind = RECORDS[object];
  const table = kind.table;
  const byRemoteId = new Map<string, IncomingRecord<PulledFields[O]>>();
  for (const record of page.records) byRemoteId.set(record.remoteId, record);
  const gone = (page.deletedRemoteIds ?? []).filter((id) => !byRemoteId.has(id));
  const remoteIds = [...byRemoteId.keys(), ...gone];
  const applied: AppliedPage = { added: 0, updated: 0, deleted: 0, heldBack: [], deliveryIds: [] };
  if (remoteIds.length === 0) return applied;

  return db.transaction(async (tx) => {
    const existing = (await tx
      .select()
      .from(table as typeof accounts)
      .where(and(eq(table.connectionId, scope.connectionId), inArray(table.remoteId, remoteIds)))
      .for('update')) as Row[];
    const stored = new Map(existing.map((row) => [row.remoteId as string, row]));
    const writes: Row[] = [];
    const told: { row: Row; event: PullEvent }[] = [];

    for (const record of byRemoteId.values()) {
      const before = stored.get(record.remoteId);
      if (before && UNFINISHED.has(before.syncStatus)) {
        applied.heldBack.push(record.remoteId);
        continue;
      }
      const mapped = kind.pull.columns(record.fields as never) as Record<string, unknown>;
      const removedAt = record.removed ? ((before?.remoteDeletedAt as Date | null) ?? timeOf(record.removed.at, now)) : null;
      if (!before) {
        const row = newRow(table, scope, record, mapped, removedAt, now);
        writes.push(row);
        told.push({ row, event: 'added' });
        continue;
      }
      const after: Row = { ...before };
      for (const [key, value] of Object.entries(mapped)) {
        // A pushed record keeps what its client said where the provider says nothing.
        after[key] = before.direction === 'push' ? (value ?? before[key]) : value;
      }
      const reference = kind.pull.reference;
      if (reference && before.direction === 'pull' && mapped[reference.remoteKey] == null) after[reference.idKey] = null;
      if (reference && mapped[reference.remoteKey] !== before[reference.remoteKey] && mapped[reference.remoteKey] != null) {
        after[reference.idKey] = null; // resolved again below
      }
      after.remoteData = record.remoteData ?? null;
      after.remoteUpdatedAt = record.remoteUpdatedAt ? timeOf(record.remoteUpdatedAt, now) : (before.remoteUpdatedAt ?? null);
      after.remoteDeletedAt = removedAt;
      after.pulledAt = now;
      after.syncStatus = 'synced';
      const fieldsChanged = Object.keys(mapped).some((key) => !same(after[key], before[key]));
      const removal = (before.remoteDeletedAt === null) !== (removedAt === null);
      // A pushed record seen for the first time has the create's answer as its raw data: only
      // its fields tell whether the provider changed it.
      const rawChanged = before.pulledAt !== null && !same(after.remoteData, before.remoteData);
      if (fieldsChanged || removal || rawChanged) {
        after.modifiedAt = now;
        told.push({ row: after, event: removedAt && removal ? 'deleted' : 'updated' });
      }
      writes.push(after);
    }
    for (const remoteId of gone) {
      const before = stored.get(remoteId);
      if (!before || before.remoteDeletedAt !== null) continue;
      if (UNFINISHED.has(before.syncStatus)) {
        applied.heldBack.push(remoteId);
        continue;
      }
      const after: Row = { ...before, remoteDeletedAt: now, pulledAt: now, modifiedAt: now };
      writes.push(after);
      told.push({ row: after, event: 'deleted' });
    }
    for (const { event } of told) applied[event]++;
    if (writes.length > 0) applied.deliveryIds = await writePage(tx, object, table, scope, writes, told);
    const reference = kind.pull.reference;
    if (reference) await resolveReferences(tx, table, reference, scope.connectionId, [...byRemoteId.keys()]);
    if (object === 'companyinfo') await learnCompanyCountry(tx, scope.connectionId, byRemoteId.values());
    return applied;
  });
}

/**
 * The connection's company country, from its pulled company info: providers' limits depend on it
 * (QuickBooks' AcctNum length), and the provider knows it better than an operator's flag set
 * before the first pull. Only an ISO 3166-1 alpha-2 code is taken; anything else leaves it as it was.
 */
async function learnCompanyCountry(tx: Executor, connectionId: string, records: Iterable<IncomingRecord<PulledFields[PulledObjectName]>>) {
  for (const record of records) {
    const country = (record.fields as PulledFields['companyinfo']).country?.trim().toUpperCase();
    if (!country || !/^[A-Z]{2}$/.test(country) || record.removed) continue;
    await tx
      .update(connections)
      .set({ companyCountry: country, modifiedAt: sql`now()` })
      .where(and(eq(connections.id, connectionId), sql`${connections.companyCountry} is distinct from ${country}`));
    return;
  }
}

function newRow(
  table: PulledTable,
  scope: RecordScope,
  record: IncomingRecord<unknown>,
  mapped: Record<string, unknown>,
  removedAt: Date | null,
  now: Date,
): Row {
  const row: Row = { id: uuidv7(), remoteId: record.remoteId, syncStatus: 'synced', direction: 'pull' };
  for (const { key } of columns(table)) if (!(key in row)) row[key] = null;
  Object.assign(row, mapped, {
    projectId: scope.projectId,
    connectionId: scope.connectionId,
    syncAttempts: 0,
    retryGeneration: 0,
    remoteData: record.remoteData ?? null,
    remoteUpdatedAt: record.remoteUpdatedAt ? timeOf(record.remoteUpdatedAt, now) : null,
    remoteDeletedAt: removedAt,
    pulledAt: now,
    syncedAt: now,
    createdAt: now,
    modifiedAt: now,
  });
  if ('warnings' in row) row.warnings = [];
  return row;
}

/** The rows and their events and deliveries, in one statement (as recordOutcome writes a push's). */
async function writePage(
  db: Executor,
  object: PulledObjectName,
  table: PulledTable,
  scope: RecordScope,
  rows: readonly Row[],
  told: readonly { row: Row; event: PullEvent }[],
): Promise<string[]> {
  const list = columns(table);
  const json = stringifyJsonExact(rows.map((row) => Object.fromEntries(list.map(({ key, name }) => [name, row[key]]))));
  const names = sql.join(
    list.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  const updates = sql.join(
    list.filter(({ key }) => !KEPT.has(key)).map(({ name }) => sql`${sql.identifier(name)} = excluded.${sql.identifier(name)}`),
    sql`, `,
  );
  const kind = RECORDS[object];
  const eventRows = told.map(({ row, event }) => ({
    id: uuidv7(),
    project_id: scope.projectId,
    type: objectEventType(object, event) as EventType,
    dedupe_key: `${row.id}:${event}:${uuidv7()}`,
    object,
    record_id: row.id,
    payload: kind.toOutput(row as never, true),
  }));
  const result = await db.execute(sql`
    with written as (
      insert into ${table} (${names})
      select ${names} from json_populate_recordset(null::${table}, ${json}::json)
      on conflict (connection_id, remote_id) do update set ${updates}
      where ${table}.sync_status not in ('pending', 'pushing')
      returning id
    ), event as (
      insert into ${events} (id, project_id, type, dedupe_key, object, record_id, payload)
      select e.id, e.project_id, e.type, e.dedupe_key, e.object, e.record_id, e.payload
      from json_populate_recordset(null::${events}, ${stringifyJsonExact(eventRows)}::json) e
      where exists (select from written w where w.id = e.record_id)
      on conflict (dedupe_key) do nothing
      returning id, project_id, type
    ), delivered as (
      insert into ${webhookDeliveries} (id, project_id, event_id, endpoint_id)
      select ${NEW_UUIDV7}, event.project_id, event.id, ${webhookEndpoints.id}
      from event join ${webhookEndpoints} on ${webhookEndpoints.projectId} = event.project_id
      where ${webhookEndpoints.active} and ${webhookEndpoints.scope} @> array[event.type]::text[]
      returning id
    )
    select array(select id::text from delivered) as delivery_ids`);
  const [answer] = rowsOf<{ delivery_ids: string[] }>(result);
  return answer?.delivery_ids ?? [];
}

/** Points each child at its parent's row (by the parent's provider id), for the page's children and the page's parents. */
async function resolveReferences(
  db: Executor,
  table: PulledTable,
  reference: { remoteKey: string; idKey: string },
  connectionId: string,
  remoteIds: readonly string[],
): Promise<void> {
  if (remoteIds.length === 0) return;
  const remote = sql.identifier(toSnakeCase(reference.remoteKey));
  const idColumn = sql.identifier(toSnakeCase(reference.idKey));
  // One parameter whatever the page's size (drizzle would expand an array into a list).
  const page = sql`(select jsonb_array_elements_text(${JSON.stringify(remoteIds)}::jsonb))`;
  await db.execute(sql`
    update ${table} as child set ${idColumn} = parent.id
    from ${table} as parent
    where child.connection_id = ${connectionId} and parent.connection_id = ${connectionId}
      and parent.remote_id = child.${remote}
      and child.${idColumn} is distinct from parent.id
      and (child.remote_id in ${page} or child.${remote} in ${page})`);
}

/**
 * The records a full pass did not see (stored before it started, not pulled since, not gone yet):
 * what the provider no longer has, when its list is the only way to tell. In id order, by pages.
 */
export async function unseenSince(
  db: Executor,
  object: PulledObjectName,
  connectionId: string,
  passStartedAt: Date,
  limit: number,
  afterId = '',
) {
  const table = RECORDS[object].table;
  const rows = await db
    .select({ id: table.id, remoteId: table.remoteId })
    .from(table as typeof accounts)
    .where(
      and(
        eq(table.connectionId, connectionId),
        isNotNull(table.remoteId),
        isNull(table.remoteDeletedAt),
        eq(table.syncStatus, 'synced'),
        sql`coalesce(${table.pulledAt}, ${table.syncedAt}, ${table.createdAt}) < ${passStartedAt.toISOString()}`,
        afterId ? gt(table.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(table.id))
    .limit(limit);
  return rows as { id: string; remoteId: string }[];
}

/** How many of the connection's records of the object are at the provider (not gone). */
export async function countPulledRecords(db: Executor, object: PulledObjectName, connectionId: string): Promise<number> {
  const table = RECORDS[object].table;
  const [row] = await db
    .select({ n: count() })
    .from(table as typeof accounts)
    .where(and(eq(table.connectionId, connectionId), isNotNull(table.remoteId), isNull(table.remoteDeletedAt)));
  return Number(row?.n ?? 0);
}

/** `sync.completed` for a finished pull, once (its key names the pass), with its deliveries. */
export async function recordSyncCompleted(
  db: Executor,
  projectId: string,
  dedupeKey: string,
  payload: {
    connection_id: string;
    object: string;
    mode: 'full' | 'incremental';
    added: number;
    updated: number;
    deleted: number;
    duration_ms: number;
  },
): Promise<string[]> {
  const recorded = await recordOutcome(db, null, { projectId, type: 'sync.completed', dedupeKey, object: null, recordId: null, payload });
  return recorded?.deliveryIds ?? [];
}
