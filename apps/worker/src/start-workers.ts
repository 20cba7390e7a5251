import { BACKOFF_TYPE, createWorker, type QueueConnection, QUEUES, retryDelay, scheduledDelay } from '@ledgersync/jobs';
import type { BackoffStrategy, Worker } from 'bullmq';
import type { WorkerContext } from './context.js';
import { createDeliverWebhookProcessor } from './processors/deliver-webhook.js';
import { createPushAccountProcessor } from './processors/push-account.js';
import { createSweepProcessor } from './processors/sweep.js';
import { scheduleSweeper, watchForRedisDataLoss } from './redis-data-loss.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits up to `timeoutMs` for active ones; past that, leaves them to be retried. */
  close(timeoutMs: number): Promise<void>;
}

/** Wraps a delay function as BullMQ's backoff strategy for our backoff type (-1: no retry). */
function backoff(delay: (attemptsMade: number, error: unknown) => number): BackoffStrategy {
  return (attemptsMade, type, error) => (type === BACKOFF_TYPE ? delay(attemptsMade, error) : -1);
}

/**
 * Starts the push, delivery and maintenance workers of this process, and the sweeper's schedule,
 * on the queues' connection: Redis (server mode) or the embedded mode's Postgres backend.
 */
export async function startWorkers(context: WorkerContext, connection: QueueConnection): Promise<RunningWorkers> {
  const { settings, queues, logger } = context;
  const base = {
    prefix: queues.settings.prefix,
    lockDuration: settings.JOB_LOCK_MS,
    stalledInterval: settings.STALLED_CHECK_MS,
    // A job whose worker died is taken over; every step is idempotent, so a job caught by several
    // crashes is run again rather than failed (BullMQ's default fails it at the second stall).
    maxStalledCount: 5,
  };

  const push = createWorker(connection, QUEUES.accounts, createPushAccountProcessor(context), {
    ...base,
    concurrency: settings.PUSH_CONCURRENCY,
    settings: {
      backoffStrategy: backoff((attempts, error) =>
        retryDelay(attempts, error, { baseMs: settings.PUSH_BACKOFF_BASE_MS, maxMs: settings.PUSH_BACKOFF_MAX_MS }),
      ),
    },
  });
  const deliver = createWorker(connection, QUEUES.webhooks, createDeliverWebhookProcessor(context), {
    ...base,
    concurrency: settings.WEBHOOK_CONCURRENCY,
    settings: { backoffStrategy: backoff((attempts) => scheduledDelay(queues.settings.webhookSchedule, attempts)) },
  });
  const maintenance = createWorker(connection, QUEUES.maintenance, createSweepProcessor(context), { ...base, concurrency: 1 });
  const workers = [push, deliver, maintenance];

  for (const worker of workers) {
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
  }
  // One schedule however many worker processes run: upsert is idempotent on the scheduler id.
  await scheduleSweeper(context);
  // Redis losing its data takes the schedule with it: noticed and rebuilt without a restart.
  const watch = watchForRedisDataLoss(context, connection);
  logger.info({ pushConcurrency: settings.PUSH_CONCURRENCY, webhookConcurrency: settings.WEBHOOK_CONCURRENCY }, 'workers started');

  return {
    workers,
    async close(timeoutMs) {
      watch.stop();
      const graceful = Promise.all(workers.map((worker) => worker.close()));
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), timeoutMs);
      });
      const outcome = await Promise.race([graceful.then(() => 'closed' as const), expired]);
      clearTimeout(timer);
      if (outcome === 'expired') {
        // Their locks expire and another worker takes them over; the idempotency key makes that safe.
        logger.warn({ timeoutMs }, 'active jobs did not finish in time; leaving them to be retried');
        await Promise.all(workers.map((worker) => worker.close(true)));
      }
    },
  };
}
