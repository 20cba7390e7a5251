import { findStalledAccounts, findStalledDeliveries } from '@ledgersync/db';
import { enqueueDeliveries, enqueuePush } from '@ledgersync/jobs';
import type { Queue } from 'bullmq';
import type { WorkerContext } from '../context.js';

const BATCH = 500;

/**
 * Postgres is the truth; Redis can lose jobs (flushed, restarted without persistence, an enqueue
 * that failed after commit). The sweeper finds unfinished accounts and deliveries that have not
 * moved for a while and re-enqueues those whose job is gone or already finished.
 */
export function createSweepProcessor(context: WorkerContext) {
  return async function sweep(): Promise<{ accounts: number; deliveries: number }> {
    const before = new Date(Date.now() - context.settings.SWEEP_STALE_AFTER_MS);
    let accounts = 0;
    for (const id of await findStalledAccounts(context.db, before, BATCH)) {
      if (await needsRequeue(context.queues.accounts, id)) {
        await enqueuePush(context.queues, id);
        accounts++;
      }
    }
    let deliveries = 0;
    for (const id of await findStalledDeliveries(context.db, before, BATCH)) {
      if (await needsRequeue(context.queues.webhooks, id)) {
        await enqueueDeliveries(context.queues, [id]);
        deliveries++;
      }
    }
    if (accounts + deliveries > 0) context.logger.warn({ accounts, deliveries }, 'sweeper re-enqueued lost work');
    return { accounts, deliveries };
  };
}

/**
 * True when no live job stands for this row. A job kept in `completed` or `failed` while the row
 * is unfinished (stalled too often, or reset by a retry) is removed so the id can be added again.
 */
async function needsRequeue(queue: Queue, jobId: string): Promise<boolean> {
  const state = await queue.getJobState(jobId);
  if (state === 'unknown') return true;
  if (state === 'completed' || state === 'failed') {
    await queue.remove(jobId);
    return true;
  }
  return false;
}
