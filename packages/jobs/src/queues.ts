import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type DeliverWebhookJob, JOB_NAMES, type PushAccountJob, QUEUES, type SweepJob } from './names.js';
import { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule } from './schedule.js';

/** The custom backoff type; the workers' `backoffStrategy` computes it (retryDelay, scheduledDelay). */
export const BACKOFF_TYPE = 'ledgersync';

export interface QueueSettings {
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. */
  prefix: string;
  /** Push attempts before an account is `failed`. */
  pushAttempts: number;
  /** Waits before each webhook retry; a delivery gets one attempt more than there are waits. */
  webhookSchedule: readonly number[];
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  prefix: '{ledgersync}',
  pushAttempts: 8,
  webhookSchedule: parseRetrySchedule(DEFAULT_WEBHOOK_SCHEDULE),
};

// Finished jobs are kept a while for the dashboard; Postgres keeps the record of truth.
const keepCompleted = { age: 24 * 3600, count: 10_000 };
const keepFailed = { age: 7 * 24 * 3600 };

export interface Queues {
  accounts: Queue<PushAccountJob>;
  webhooks: Queue<DeliverWebhookJob>;
  maintenance: Queue<SweepJob>;
  settings: QueueSettings;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, settings: QueueSettings = DEFAULT_QUEUE_SETTINGS): Queues {
  const options = { connection, prefix: settings.prefix };
  const accounts = new Queue<PushAccountJob>(QUEUES.accounts, options);
  const webhooks = new Queue<DeliverWebhookJob>(QUEUES.webhooks, options);
  const maintenance = new Queue<SweepJob>(QUEUES.maintenance, options);
  // Without a listener an unreachable Redis surfaces as an unhandled 'error' event and kills the process.
  for (const queue of [accounts, webhooks, maintenance]) queue.on('error', () => {});
  return {
    accounts,
    webhooks,
    maintenance,
    settings,
    async close() {
      await Promise.allSettled([accounts.close(), webhooks.close(), maintenance.close()]);
    },
  };
}

export function pushJobOptions(settings: QueueSettings, accountId: string): JobsOptions {
  return {
    jobId: accountId,
    attempts: settings.pushAttempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  };
}

/** Adds the push job of an account; a job with that id already queued makes this a no-op. */
export async function enqueuePush(queues: Queues, accountId: string): Promise<void> {
  await queues.accounts.add(JOB_NAMES.pushAccount, { accountId }, pushJobOptions(queues.settings, accountId));
}

export async function enqueueDeliveries(queues: Queues, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await queues.webhooks.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: JOB_NAMES.deliverWebhook,
      data: { deliveryId },
      opts: {
        jobId: deliveryId,
        attempts: queues.settings.webhookSchedule.length + 1,
        backoff: { type: BACKOFF_TYPE },
        removeOnComplete: keepCompleted,
        removeOnFail: keepFailed,
      },
    })),
  );
}

/**
 * Frees a job id held by a finished job (kept in `completed`/`failed` for the dashboard), so the id
 * can be added again; returns false when a live job (waiting, delayed, active) holds it.
 */
export async function freeJobId(queue: Queue, jobId: string): Promise<boolean> {
  const state = await queue.getJobState(jobId);
  if (state === 'completed' || state === 'failed') await queue.remove(jobId);
  return state === 'completed' || state === 'failed' || state === 'unknown';
}

/** Enqueues the push again after a retry: a finished job of the same account is replaced. */
export async function requeuePush(queues: Queues, accountId: string): Promise<void> {
  await freeJobId(queues.accounts, accountId);
  await enqueuePush(queues, accountId);
}

/** Enqueues deliveries again after a replay: finished jobs of the same deliveries are replaced. */
export async function requeueDeliveries(queues: Queues, deliveryIds: readonly string[]): Promise<void> {
  for (const id of deliveryIds) await freeJobId(queues.webhooks, id);
  await enqueueDeliveries(queues, deliveryIds);
}
