import { JOB_NAMES, type QueueConnection } from '@ledgersync/jobs';
import type { WorkerContext } from './context.js';
import { requeueLostWork } from './processors/sweep.js';

/** The sweeper's job scheduler: one for the whole deployment (upsert is idempotent on this id). */
export const SWEEPER_ID = 'sweeper';

/** Longest a lost schedule goes unnoticed; never longer than the sweep interval itself. */
export const DATA_LOSS_CHECK_MS = 5_000;

/** Writes the sweeper's schedule (again): every worker does at start, and after Redis lost it. */
export async function scheduleSweeper(context: WorkerContext): Promise<void> {
  await context.queues.maintenance.upsertJobScheduler(
    SWEEPER_ID,
    { every: context.settings.SWEEP_INTERVAL_MS },
    { name: JOB_NAMES.sweep, data: {} },
  );
}

export interface DataLossWatch {
  stop(): void;
}

/**
 * Notices that Redis lost its data (restarted empty, flushed, failed over to an empty replica)
 * and rebuilds what lived only there from Postgres, without a restart. The sweeper's schedule is
 * the sign: it lives in Redis until someone removes it, so its absence means the data went. Looked
 * at on every reconnection and every few seconds (a flush does not drop connections). The rebuild
 * writes the schedule back and re-enqueues every unfinished account and delivery at once, however
 * recently touched: their jobs are all gone, and the next sweep would skip the recent ones. Every
 * worker process watches; two rebuilding at once enqueue each job once (job id = row id).
 */
export function watchForRedisDataLoss(context: WorkerContext, connection: QueueConnection): DataLossWatch {
  // The embedded mode's queue is a Postgres of its own, which does not lose its data apart.
  if ('kind' in connection) return { stop() {} };
  const redis = connection;
  const { logger } = context;
  let checking = false;
  let stopped = false;

  async function check(): Promise<void> {
    if (checking || stopped) return;
    checking = true;
    try {
      if (await context.queues.maintenance.getJobScheduler(SWEEPER_ID)) return;
      logger.warn("Redis lost its data (the sweeper's schedule is gone): rebuilding the schedule and the queue from Postgres");
      context.metrics?.redisDataLost();
      await scheduleSweeper(context);
      const counts = await requeueLostWork(context, new Date(), true);
      logger.warn(counts, 'queue rebuilt from Postgres after Redis lost its data');
    } catch (error) {
      // Redis away again, or Postgres: the next check tries again.
      logger.debug({ err: error }, 'could not check for lost Redis data');
    } finally {
      checking = false;
    }
  }

  const timer = setInterval(() => void check(), Math.min(DATA_LOSS_CHECK_MS, context.settings.SWEEP_INTERVAL_MS));
  timer.unref();
  const onReady = () => void check();
  redis.on('ready', onReady);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      redis.off('ready', onReady);
    },
  };
}
