import {
  connectionsMissingPulls,
  deleteExpiredIdempotencyKeys,
  duePulls,
  ensurePullStates,
  findStalledDeliveries,
  RECORDS,
} from '@ledgersync/db';
import { PROVIDER_SLUGS, pulledObjectsOf } from '@ledgersync/providers';
import { OBJECTS, PUSHED_OBJECT_NAMES } from '@ledgersync/unified';
import { enqueueDeliveries, enqueuePush, freeJobId, requeuePulls } from '@ledgersync/jobs';
import type { WorkerContext } from '../context.js';

const BATCH = 500;

/** Records re-enqueued per object, under the object's path (`accounts`), deliveries, and pulls enqueued. */
export type SweepCounts = Record<string, number> & { deliveries: number; pulls: number };

/**
 * Enqueues the pulls whose time has come (`next_run_at`), and the running ones untouched since
 * `before` whose job is gone: the schedule lives in Postgres, so a Redis that lost its data loses
 * none of it. A pull whose job is still queued or running is left to it.
 */
export async function enqueueDuePulls(context: WorkerContext, before: Date, every = false): Promise<number> {
  if (context.settings.PULL_SCHEDULE === 'off') return 0;
  // Connections that never had their books pulled (made before their provider's readers) start now.
  for (const provider of PROVIDER_SLUGS) {
    const objects = pulledObjectsOf(provider);
    for (const connection of await connectionsMissingPulls(context.db, provider, objects, BATCH)) {
      await ensurePullStates(context.db, { projectId: connection.projectId, connectionId: connection.id }, objects, new Date());
    }
  }
  let enqueued = 0;
  for (let round = 0; round < (every ? 1_000 : 1); round++) {
    const due = await duePulls(context.db, new Date(), before, BATCH);
    const added = await requeuePulls(
      context.queues,
      due.map((state) => ({
        connection_id: state.connectionId,
        object: state.object,
        mode: state.watermark ? ('incremental' as const) : ('full' as const),
      })),
    );
    enqueued += added.length;
    if (due.length < BATCH || added.length === 0) break;
  }
  return enqueued;
}

/**
 * Re-enqueues the unfinished records (of every object) and deliveries untouched since `before` whose job is gone
 * or already finished. One batch of each by default (a scheduled sweep: the next one takes the
 * rest); `every`: all of them, page after page (Redis lost its data, and nothing else will).
 */
export async function requeueLostWork(context: WorkerContext, before: Date, every = false): Promise<SweepCounts> {
  const counts: Record<string, number> = {};
  // Pulled-only objects have no push to lose: their lost pulls come back from pull_states (requeueDuePulls).
  for (const object of PUSHED_OBJECT_NAMES) {
    let requeued = 0;
    let after: string | undefined = every ? '' : undefined;
    for (;;) {
      const page = await RECORDS[object].findStalled(context.db, before, BATCH, after);
      for (const record of page) {
        if (await freeJobId(context.queues.push, record.id)) {
          await enqueuePush(context.queues, { ...record, object });
          requeued++;
        }
      }
      if (!every || page.length < BATCH) break;
      after = page.at(-1)?.id;
    }
    counts[OBJECTS[object].path] = requeued;
  }
  let deliveries = 0;
  let after: string | undefined = every ? '' : undefined;
  for (;;) {
    const page = await findStalledDeliveries(context.db, before, BATCH, after);
    for (const id of page) {
      if (await freeJobId(context.queues.webhooks, id)) {
        await enqueueDeliveries(context.queues, [id]);
        deliveries++;
      }
    }
    if (!every || page.length < BATCH) break;
    after = page.at(-1);
  }
  const pulls = await enqueueDuePulls(context, before, every);
  return { ...counts, deliveries, pulls };
}

/**
 * Housekeeping on a schedule. Postgres is the truth; Redis can lose jobs (flushed, restarted without persistence, an enqueue
 * that failed after commit). The sweeper finds unfinished accounts and deliveries that have not
 * moved for a while and re-enqueues those whose job is gone or already finished (a job kept in
 * `failed` after stalling too often, while its row is still unfinished). It also forgets
 * Idempotency-Key records past their retention. When Redis loses all its data, the schedule goes
 * with it: see redis-data-loss.ts.
 */
export function createSweepProcessor(context: WorkerContext) {
  return async function sweep(): Promise<SweepCounts & { expiredKeys: number }> {
    const counts = await requeueLostWork(context, new Date(Date.now() - context.settings.SWEEP_STALE_AFTER_MS));
    const { pulls, ...lost } = counts;
    if (Object.values(lost).some((n) => n > 0)) context.logger.warn(lost, 'sweeper re-enqueued lost work');
    if (pulls > 0) context.logger.debug({ pulls }, 'sweeper enqueued the pulls due');
    const expiredKeys = await deleteExpiredIdempotencyKeys(context.db);
    return { ...counts, expiredKeys };
  };
}
