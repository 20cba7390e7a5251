import { type EventType, type PushedObjectName, objectEventType, type SyncError, stringifyJsonExact } from '@ledgersync/unified';
import { and, arrayContains, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { uuidv7 } from 'uuidv7';
import { type Executor, rowsOf } from '../client.js';
import { events, webhookDeliveries, webhookEndpoints } from '../schema/index.js';
import { type PushedRecord, RECORDS, type RecordChange, type RecordRow } from './records.js';
import type { NewEvent } from './webhooks.js';

/**
 * A UUIDv7 made by Postgres, for rows a statement creates in a number it decides (one delivery per
 * subscribed endpoint): a random UUID whose first 48 bits become the clock's milliseconds and whose
 * version becomes 7, so these ids sort by creation like the ones made in JS (`uuidv7`).
 */
export const NEW_UUIDV7 = sql.raw(
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`,
);

/**
 * Which endpoints get an event: the project's active endpoints whose scope holds its type. The one
 * rule, for recording an event and for replaying it.
 */
export function subscribedTo(projectId: string, type: EventType): SQL {
  return and(
    eq(webhookEndpoints.projectId, projectId),
    eq(webhookEndpoints.active, true),
    arrayContains(webhookEndpoints.scope, [type]),
  ) as SQL;
}

export interface RecordedOutcome {
  /** The recorded event; null when it had been recorded already (a job that ran twice). */
  eventId: string | null;
  /** One pending delivery per subscribed endpoint, to enqueue. */
  deliveryIds: string[];
}

/**
 * Writes a change, the event it reports and one pending delivery per endpoint subscribed to it
 * (see {@link subscribedTo}), in one statement: atomic as a transaction would be, in one round
 * trip. `change` is a data-modifying statement returning the rows it changed (an UPDATE ...
 * RETURNING), or null for the event alone. Returns null when the change changed nothing (another
 * run finished the record first): then no event either. The event's unique key makes a second
 * run record none.
 */
export async function recordOutcome(db: Executor, change: SQL | null, event: NewEvent): Promise<RecordedOutcome | null> {
  const result = await db.execute(sql`
    with changed as (${change ?? sql`select 1`}), event as (
      insert into ${events} (id, project_id, type, dedupe_key, object, record_id, payload)
      select ${uuidv7()}, ${event.projectId}, ${event.type}, ${event.dedupeKey}, ${event.object}, ${event.recordId}, ${stringifyJsonExact(event.payload)}::jsonb
      where exists (select from changed)
      on conflict (dedupe_key) do nothing
      returning id
    ), delivered as (
      insert into ${webhookDeliveries} (id, project_id, event_id, endpoint_id)
      select ${NEW_UUIDV7}, ${event.projectId}, event.id, ${webhookEndpoints.id}
      from event cross join ${webhookEndpoints}
      where ${subscribedTo(event.projectId, event.type)}
      returning id
    )
    select (select count(*) from changed)::int as changed, (select id::text from event) as event_id, array(select id::text from delivered) as delivery_ids`);
  const [row] = rowsOf<{ changed: number; event_id: string | null; delivery_ids: string[] }>(result);
  if (!row || row.changed === 0) return null;
  return { eventId: row.event_id, deliveryIds: row.delivery_ids };
}

/** A record's state change, made only while its sync has not finished (jobs are at-least-once). */
function unfinishedUpdate(db: Executor, object: PushedObjectName, id: string, set: RecordChange): SQL {
  const { table } = RECORDS[object];
  return db
    .update(table)
    .set(set)
    .where(and(eq(table.id, id), inArray(table.syncStatus, ['pending', 'pushing'])))
    .returning({ id: table.id })
    .getSQL(); // The statement itself: a query builder would be embedded as a parenthesised subquery.
}

/**
 * The claimed record is at the provider: `synced`, what the push learned, and one `created` event
 * whatever the number of runs, in one statement. Returns the delivery ids to enqueue; null when
 * another run had already finished the record.
 */
export async function recordPushSynced(
  db: Executor,
  object: PushedObjectName,
  claimed: RecordRow,
  pushed: PushedRecord,
  now = new Date(),
  adopted = false,
): Promise<string[] | null> {
  const kind = RECORDS[object];
  const set = {
    syncStatus: 'synced',
    remoteId: pushed.remoteId,
    remoteData: pushed.remoteData ?? null,
    lastError: null,
    syncedAt: now,
    modifiedAt: now,
    ...kind.filledByPush(claimed, pushed),
  } satisfies RecordChange;
  const synced = { ...claimed, ...set };
  try {
    const recorded = await recordOutcome(db, unfinishedUpdate(db, object, claimed.id, set), {
      projectId: claimed.projectId,
      type: objectEventType(object, 'created'),
      dedupeKey: `${claimed.id}:created`,
      object,
      recordId: claimed.id,
      payload: kind.toOutput(synced, true),
    });
    return recorded?.deliveryIds ?? null;
  } catch (error) {
    if (!violates(error, 'remote_id')) throw error;
    // A pull found the record at the provider between the create and this outcome: the pulled
    // twin gives way to the pushed record (one row per provider record, the pushed one's id).
    if (!adopted && (await dropPulledTwin(db, object, claimed, pushed.remoteId)))
      return recordPushSynced(db, object, claimed, pushed, now, true);
    throw new RemoteIdTaken(object, pushed.remoteId, { cause: error });
  }
}

/**
 * Removes the row a pull stored for the provider record a push has just created (the pull read it
 * before the push's outcome was written), pointing its children at the pushed record instead.
 * False when the record's holder is not such a twin (another pushed record: a real conflict).
 */
async function dropPulledTwin(db: Executor, object: PushedObjectName, claimed: RecordRow, remoteId: string): Promise<boolean> {
  const { table } = RECORDS[object];
  const reference = RECORDS[object].pull.reference;
  return db.transaction(async (tx) => {
    const [twin] = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.connectionId, claimed.connectionId), eq(table.remoteId, remoteId), eq(table.direction, 'pull')))
      .for('update');
    if (!twin) return false;
    if (reference) {
      const idColumn = sql.identifier(toSnakeCase(reference.idKey));
      await tx.execute(sql`update ${table} set ${idColumn} = ${claimed.id} where ${idColumn} = ${twin.id}`);
    }
    await tx.delete(table).where(eq(table.id, twin.id));
    return true;
  });
}

/**
 * The provider answered with a record another record of the same connection already holds
 * (`unique (connection_id, remote_id)`): two ledgersync records cannot be one provider record.
 * Retrying would answer the same, so the push fails for good, saying which record it named.
 */
export class RemoteIdTaken extends Error {
  override readonly name = 'RemoteIdTaken';
  constructor(
    readonly object: PushedObjectName,
    readonly remoteId: string,
    options?: ErrorOptions,
  ) {
    super(`the provider answered with ${object} ${remoteId}, which another ${object} of this connection already holds`, options);
  }
}

/** Whether `error` (or one of its causes: drizzle wraps the driver's) is a unique violation of a constraint naming `column`. */
function violates(error: unknown, column: string, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const {
    code,
    constraint_name: postgresJs,
    constraint: pglite,
  } = error as { code?: string; constraint_name?: string; constraint?: string };
  if (code === '23505' && (postgresJs ?? pglite ?? '').includes(column)) return true;
  return violates((error as { cause?: unknown }).cause, column, depth + 1);
}

/**
 * The push failed for good: `failed` with what went wrong, and one `failed` event per failed push
 * cycle (its key counts the attempts). `current` is the record as last read (the claimed row when
 * there was a claim). Returns the delivery ids to enqueue; null when the record was finished already.
 */
export async function recordPushFailed(
  db: Executor,
  object: PushedObjectName,
  current: RecordRow,
  error: SyncError,
  now = new Date(),
): Promise<string[] | null> {
  const set = { syncStatus: 'failed', lastError: error, modifiedAt: now } satisfies RecordChange;
  const failed = { ...current, ...set };
  const recorded = await recordOutcome(db, unfinishedUpdate(db, object, current.id, set), {
    projectId: current.projectId,
    type: objectEventType(object, 'failed'),
    dedupeKey: `${current.id}:failed:${current.syncAttempts}`,
    object,
    recordId: current.id,
    payload: RECORDS[object].toOutput(failed, false),
  });
  return recorded?.deliveryIds ?? null;
}
