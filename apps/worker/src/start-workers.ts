import { BACKOFF_TYPE, JOB_NAMES, QUEUES, retryDelay } from '@ledgersync/jobs';
import { type BackoffStrategy, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WorkerContext } from './context.js';
import { createDeliverWebhookProcessor } from './processors/deliver-webhook.js';
import { createPushAccountProcessor } from './processors/push-account.js';
import { createSweepProcessor } from './processors/sweep.js';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs and waits up to `timeoutMs` for active ones; past that, leaves them to be retried. */
  close(timeoutMs: number): Promise<void>;
}

function backoff(baseMs: number, maxMs: number): BackoffStrategy {
  return (attemptsMade, type, error) => {
    // -1 tells BullMQ "no retry"; only our own backoff type is expected here.
    if (type !== BACKOFF_TYPE) return -1;
    return retryDelay(attemptsMade, error, { baseMs, maxMs });
  };
}

/** Starts the push, delivery and maintenance workers of this process, and the sweeper's schedule. */
export async function startWorkers(context: WorkerContext, connection: Redis): Promise<RunningWorkers> {
  const { settings, queues, logger } = context;
  const base = { connection, prefix: queues.settings.prefix };

  const push = new Worker(QUEUES.accounts, createPushAccountProcessor(context), {
    ...base,
    concurrency: settings.PUSH_CONCURRENCY,
    settings: { backoffStrategy: backoff(settings.PUSH_BACKOFF_BASE_MS, settings.PUSH_BACKOFF_MAX_MS) },
  });
  const deliver = new Worker(QUEUES.webhooks, createDeliverWebhookProcessor(context), {
    ...base,
    concurrency: settings.WEBHOOK_CONCURRENCY,
    settings: { backoffStrategy: backoff(settings.WEBHOOK_BACKOFF_BASE_MS, settings.WEBHOOK_BACKOFF_MAX_MS) },
  });
  const maintenance = new Worker(QUEUES.maintenance, createSweepProcessor(context), { ...base, concurrency: 1 });
  const workers = [push, deliver, maintenance];

  for (const worker of workers) {
    worker.on('error', (error) => logger.error({ err: error, queue: worker.name }, 'worker error'));
  }
  // One schedule however many worker processes run: upsert is idempotent on the scheduler id.
  await queues.maintenance.upsertJobScheduler('sweeper', { every: settings.SWEEP_INTERVAL_MS }, { name: JOB_NAMES.sweep, data: {} });
  logger.info({ pushConcurrency: settings.PUSH_CONCURRENCY, webhookConcurrency: settings.WEBHOOK_CONCURRENCY }, 'workers started');

  return {
    workers,
    async close(timeoutMs) {
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
