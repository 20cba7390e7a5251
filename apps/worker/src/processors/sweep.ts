import { deleteExpiredIdempotencyKeys, findStalledAccounts, findStalledDeliveries } from '@ledgersync/db';
import { enqueueDeliveries, enqueuePush, freeJobId } from '@ledgersync/jobs';
import type { WorkerContext } from '../context.js';

const BATCH = 500;

/**
 * Housekeeping on a schedule. Postgres is the truth; Redis can lose jobs (flushed, restarted without persistence, an enqueue
 * that failed after commit). The sweeper finds unfinished accounts and deliveries that have not
 * moved for a while and re-enqueues those whose job is gone or already finished (a job kept in
 * `failed` after stalling too often, while its row is still unfinished). It also forgets
 * Idempotency-Key records past their retention.
 */
export function createSweepProcessor(context: WorkerContext) {
  return async function sweep(): Promise<{ accounts: number; deliveries: number; expiredKeys: number }> {
    const before = new Date(Date.now() - context.settings.SWEEP_STALE_AFTER_MS);
    let accounts = 0;
    for (const account of await findStalledAccounts(context.db, before, BATCH)) {
      if (await freeJobId(context.queues.accounts, account.id)) {
        await enqueuePush(context.queues, account);
        accounts++;
      }
    }
    let deliveries = 0;
    for (const id of await findStalledDeliveries(context.db, before, BATCH)) {
      if (await freeJobId(context.queues.webhooks, id)) {
        await enqueueDeliveries(context.queues, [id]);
        deliveries++;
      }
    }
    if (accounts + deliveries > 0) context.logger.warn({ accounts, deliveries }, 'sweeper re-enqueued lost work');
    const expiredKeys = await deleteExpiredIdempotencyKeys(context.db);
    return { accounts, deliveries, expiredKeys };
  };
}
