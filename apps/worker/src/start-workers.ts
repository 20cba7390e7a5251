import { assertProcessors, BACKOFF_TYPE, createWorker, JOBS, type QueueConnection, retryDelay, scheduledDelay } from '@ledgersync/jobs';
import type { BackoffStrategy, Worker } from 'bullmq';
import type { WorkerContext } from './context.js';
import { createDeliverWebhookProcessor } from './processors/deliver-webhook.js';
import { createPullProcessor } from './processors/pull.js';
import { createPushProcessor } from './processors/push.js';
import { createSweepProcessor } from './processors/sweep.js';
import { scheduleSweeper, watchForRedisDataLoss } from './redis-data-loss.js';

/** How long aborted jobs are given to record their attempt before the workers close regardless. */
const ABORT_GRACE_MS = 2_000;

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits up to `timeoutMs` for active ones; past that, aborts them, to be retried. */
  close(timeoutMs: number): Promise<void>;
}

/** Wraps a delay function as BullMQ's backoff strategy for our backoff type (-1: no retry). */
function backoff(delay: (attemptsMade: number, error: unknown) => number): BackoffStrategy {
  return (attemptsMade, type, error) => (type === BACKOFF_TYPE ? delay(attemptsMade, error) : -1);
}

/**
 * Starts the push, pull, delivery and maintenance workers of this process, and the sweeper's schedule,
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

  // One processor per job kind this release runs; a kind without one refuses the start.
  const processors = {
    push: createPushProcessor(context),
    pull: createPullProcessor(context),
    'deliver-webhook': createDeliverWebhookProcessor(context),
    sweep: createSweepProcessor(context),
  };
  assertProcessors(processors);

  const push = createWorker(connection, JOBS.push.queue, processors.push, {
    ...base,
    concurrency: settings.PUSH_CONCURRENCY,
    settings: {
      backoffStrategy: backoff((attempts, error) =>
        retryDelay(attempts, error, { baseMs: settings.PUSH_BACKOFF_BASE_MS, maxMs: settings.PUSH_BACKOFF_MAX_MS }),
      ),
    },
  });
  const pull = createWorker(connection, JOBS.pull.queue, processors.pull, {
    ...base,
    concurrency: settings.PULL_CONCURRENCY ?? 4,
    settings: {
      backoffStrategy: backoff((attempts, error) =>
        retryDelay(attempts, error, { baseMs: settings.PUSH_BACKOFF_BASE_MS, maxMs: settings.PUSH_BACKOFF_MAX_MS }),
      ),
    },
  });
  const deliver = createWorker(connection, JOBS['deliver-webhook'].queue, processors['deliver-webhook'], {
    ...base,
    concurrency: settings.WEBHOOK_CONCURRENCY,
    settings: { backoffStrategy: backoff((attempts) => scheduledDelay(queues.settings.webhookSchedule, attempts)) },
  });
  const maintenance = createWorker(connection, JOBS.sweep.queue, processors.sweep, { ...base, concurrency: 1 });
  const workers = [push, pull, deliver, maintenance];

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
        // Abort the provider calls in flight (each push's AbortSignal): each job records its attempt
        // and goes back to be retried, and the retry looks the record up before re-sending.
        logger.warn({ timeoutMs }, 'active jobs did not finish in time; aborting them, to be retried');
        for (const worker of workers) worker.cancelAllJobs('the worker is shutting down');
        let graceTimer: NodeJS.Timeout | undefined;
        const grace = new Promise<'expired'>((resolve) => {
          graceTimer = setTimeout(() => resolve('expired'), ABORT_GRACE_MS);
        });
        const aborted = await Promise.race([graceful.then(() => 'closed' as const), grace]);
        clearTimeout(graceTimer);
        // Still running (a job that ignores its signal): its lock expires and another worker takes
        // it over; the idempotency key makes that safe.
        if (aborted === 'expired') await Promise.all(workers.map((worker) => worker.close(true)));
      }
    },
  };
}
