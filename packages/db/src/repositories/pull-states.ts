import type { PulledObjectName } from '@ledgersync/unified';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../client.js';
import { connections, type PullError, type PullMode, type PullStatus, pullStates, projects } from '../schema/index.js';

export type PullState = typeof pullStates.$inferSelect;
export type { PullError, PullMode, PullStatus } from '../schema/index.js';
export type { PulledObjectName };

/** Incremental pulls of each object of a connection run this often unless its project or the connection says otherwise (Panora pulls every 8 h; ledgersync within minutes). */
export const DEFAULT_PULL_FREQUENCY_SECONDS = 15 * 60;

const key = (connectionId: string, object: string) => and(eq(pullStates.connectionId, connectionId), eq(pullStates.object, object));

/** Puts the objects of a connection on the schedule (due at `nextRunAt`); objects already on it are left as they are. */
export async function ensurePullStates(
  db: Executor,
  scope: { projectId: string; connectionId: string },
  objects: readonly PulledObjectName[],
  nextRunAt: Date,
): Promise<void> {
  if (objects.length === 0) return;
  await db
    .insert(pullStates)
    .values(objects.map((object) => ({ projectId: scope.projectId, connectionId: scope.connectionId, object, nextRunAt })))
    .onConflictDoNothing();
}

/** A full pull of these objects is wanted (a resync): the next pull of each is full, whatever its job says. */
export async function requestFullPulls(db: Executor, connectionId: string, objects: readonly PulledObjectName[]): Promise<void> {
  if (objects.length === 0) return;
  await db
    .update(pullStates)
    .set({ fullRequested: true, modifiedAt: new Date() })
    .where(and(eq(pullStates.connectionId, connectionId), inArray(pullStates.object, [...objects])));
}

export async function loadPullState(db: Executor, connectionId: string, object: string): Promise<PullState | undefined> {
  const [row] = await db.select().from(pullStates).where(key(connectionId, object));
  return row;
}

export function listPullStates(db: Executor, connectionId: string): Promise<PullState[]> {
  return db.select().from(pullStates).where(eq(pullStates.connectionId, connectionId)).orderBy(pullStates.object);
}

/**
 * Starts a pass (or goes on with the one a crash, a throttle or a shutdown interrupted: its page
 * token, start time and counts are kept). Returns the state the pass runs from.
 */
export async function beginPass(
  db: Executor,
  connectionId: string,
  object: string,
  pass: { mode: PullMode; since: string | null; startedAt: Date },
): Promise<PullState | undefined> {
  const [row] = await db
    .update(pullStates)
    .set({
      status: 'running',
      mode: sql`case when ${pullStates.passStartedAt} is null then ${pass.mode} else ${pullStates.mode} end`,
      passSince: sql`case when ${pullStates.passStartedAt} is null then ${pass.since}::text else ${pullStates.passSince} end`,
      pageToken: sql`case when ${pullStates.passStartedAt} is null then null else ${pullStates.pageToken} end`,
      passStartedAt: sql`coalesce(${pullStates.passStartedAt}, ${pass.startedAt.toISOString()}::timestamptz)`,
      modifiedAt: new Date(),
    })
    .where(key(connectionId, object))
    .returning();
  return row;
}

/** After each page: where the next one starts, and the pass's counts so far. */
export async function savePage(
  db: Executor,
  connectionId: string,
  object: string,
  page: { pageToken: string | null; added: number; updated: number; deleted: number; lastError: PullError | null },
): Promise<void> {
  await db
    .update(pullStates)
    .set({
      pageToken: page.pageToken,
      lastError: page.lastError,
      passAdded: sql`${pullStates.passAdded} + ${page.added}`,
      passUpdated: sql`${pullStates.passUpdated} + ${page.updated}`,
      passDeleted: sql`${pullStates.passDeleted} + ${page.deleted}`,
      modifiedAt: new Date(),
    })
    .where(key(connectionId, object));
}

/** The pass is over: its watermark is where the next incremental pull starts. */
export async function finishPass(
  db: Executor,
  connectionId: string,
  object: string,
  done: { watermark: string; nextRunAt: Date; records: number; full: boolean; lastError: PullError | null; now: Date },
): Promise<void> {
  await db
    .update(pullStates)
    .set({
      status: 'idle',
      pageToken: null,
      passStartedAt: null,
      passSince: null,
      passAdded: 0,
      passUpdated: 0,
      passDeleted: 0,
      watermark: done.watermark,
      lastSuccessAt: done.now,
      ...(done.full ? { lastFullAt: done.now, fullRequested: false } : {}),
      lastError: done.lastError,
      nextRunAt: done.nextRunAt,
      records: done.records,
      modifiedAt: done.now,
    })
    .where(key(connectionId, object));
}

/** The pull stops for now (`held`: the connection's credentials are refused; `failed`), keeping its page token to resume from. */
export async function stopPull(
  db: Executor,
  connectionId: string,
  object: string,
  stop: { status: PullStatus; lastError: PullError | null; nextRunAt: Date },
): Promise<void> {
  await db
    .update(pullStates)
    .set({ status: stop.status, lastError: stop.lastError, nextRunAt: stop.nextRunAt, modifiedAt: new Date() })
    .where(key(connectionId, object));
}

/**
 * The pulls due (their time has come), and the running ones untouched since `staleBefore` (their
 * job may be lost): the sweeper enqueues each whose job is gone. From Postgres, so a Redis that
 * lost its data loses no schedule.
 */
export function duePulls(db: Executor, now: Date, staleBefore: Date, limit: number): Promise<PullState[]> {
  return db
    .select()
    .from(pullStates)
    .where(or(lte(pullStates.nextRunAt, now), and(eq(pullStates.status, 'running'), lte(pullStates.modifiedAt, staleBefore))))
    .orderBy(pullStates.nextRunAt)
    .limit(limit);
}

/** Seconds between a connection's incremental pulls of an object: its own, else its project's, else the default. */
export async function pullFrequencyOf(db: Executor, connectionId: string, object: string): Promise<number> {
  const [row] = await db
    .select({ own: pullStates.frequencySeconds, project: projects.pullFrequencySeconds })
    .from(pullStates)
    .innerJoin(projects, eq(projects.id, pullStates.projectId))
    .where(key(connectionId, object));
  return row?.own ?? row?.project ?? DEFAULT_PULL_FREQUENCY_SECONDS;
}

/** Panora's pull frequency of a project (`accounting`, seconds); moves its connections' next runs accordingly. */
export async function setProjectPullFrequency(db: Executor, projectId: string, seconds: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(projects).set({ pullFrequencySeconds: seconds }).where(eq(projects.id, projectId));
    await tx
      .update(pullStates)
      .set({ nextRunAt: sql`coalesce(${pullStates.lastSuccessAt}, now()) + make_interval(secs => ${seconds}::double precision)` })
      .where(and(eq(pullStates.projectId, projectId), isNull(pullStates.frequencySeconds), eq(pullStates.status, 'idle')));
  });
}

export async function projectPullFrequency(db: Executor, projectId: string): Promise<number> {
  const [row] = await db.select({ seconds: projects.pullFrequencySeconds }).from(projects).where(eq(projects.id, projectId));
  return row?.seconds ?? DEFAULT_PULL_FREQUENCY_SECONDS;
}

/** A connection's own pull frequency (the CLI), over its project's; null goes back to the project's. */
export async function setConnectionPullFrequency(db: Executor, connectionId: string, seconds: number | null): Promise<void> {
  await db
    .update(pullStates)
    .set({
      frequencySeconds: seconds,
      ...(seconds === null
        ? {}
        : { nextRunAt: sql`coalesce(${pullStates.lastSuccessAt}, now()) + make_interval(secs => ${seconds}::double precision)` }),
    })
    .where(eq(pullStates.connectionId, connectionId));
}

/**
 * Connections of `provider` that have no pull state for one of `objects`: made before the
 * provider's reader of it existed (an upgraded install), or by a path that did not start a pull.
 * The sweeper puts them on the schedule, due now: their first pull is a full one.
 */
export async function connectionsMissingPulls(
  db: Executor,
  provider: string,
  objects: readonly string[],
  limit: number,
): Promise<{ id: string; projectId: string }[]> {
  if (objects.length === 0) return [];
  const result = await db.execute(sql`
    select c.id, c.project_id from ${connections} c
    where c.provider = ${provider} and exists (
      select from jsonb_array_elements_text(${JSON.stringify(objects)}::jsonb) as o(object)
      where not exists (select from ${pullStates} s where s.connection_id = c.id and s.object = o.object)
    )
    limit ${limit}`);
  return rowsOf<{ id: string; project_id: string }>(result).map((row) => ({ id: row.id, projectId: row.project_id }));
}

/** Where a connection's pulls of one object stand, as `GET /sync/status/accounting` and `connections show` print it. */
export function pullStatusView(state: PullState) {
  return {
    status: state.status,
    last_success_at: state.lastSuccessAt?.toISOString() ?? null,
    last_error: state.lastError,
    next_run_at: state.nextRunAt?.toISOString() ?? null,
    records: state.records,
  };
}
