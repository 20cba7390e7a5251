import { deleteExpiredIdempotencyKeys, findStalledDeliveries, RECORDS } from '@ledgersync/db';
import { OBJECT_NAMES, OBJECTS } from '@ledgersync/unified';
import { enqueueDeliveries, enqueuePush, freeJobId } from '@ledgersync/jobs';
import type { WorkerContext } from '../context.js';

const BATCH = 500;

/** Records re-enqueued per object, under the object's path (`accounts`), and deliveries. */
export type SweepCounts = Record<string, number> & { deliveries: number };

/**
 * Re-enqueues the unfinished records (of every object) and deliveries untouched since `before` whose job is gone
 * or already finished. One batch of each by default (a scheduled sweep: the next one takes the
 * rest); `every`: all of them, page after page (Redis lost its data, and nothing else will).
 */
export async function requeueLostWork(context: WorkerContext, before: Date, every = false): Promise<SweepCounts> {
  const counts: Record<string, number> = {};
  for (const object of OBJECT_NAMES) {
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
  return { ...counts, deliveries };
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
    if (Object.values(counts).some((n) => n > 0)) context.logger.warn(counts, 'sweeper re-enqueued lost work');
    const expiredKeys = await deleteExpiredIdempotencyKeys(context.db);
    return { ...counts, expiredKeys };
  };
}
