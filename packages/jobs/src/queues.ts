import {
  createPostgresBackend,
  type JobsOptions,
  type PgPool,
  type Processor,
  Queue,
  Worker,
  type WorkerOptions,
  withBackend,
} from 'bullmq';
import type { Redis } from 'ioredis';
import { type DeliverWebhookJob, JOB_NAMES, type PullJob, type PushJob, QUEUES, type SweepJob } from './names.js';
import { createPushLanes, type PushLanes } from './push-lanes.js';
import { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule } from './schedule.js';

/** The custom backoff type; the workers' `backoffStrategy` computes it (retryDelay, scheduledDelay). */
export const BACKOFF_TYPE = 'ledgersync';

export interface QueueSettings {
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. */
  prefix: string;
  /** Push attempts before a record is `failed`. */
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

/** The queues of the job kinds this release runs (see JOBS in names.ts). */
export interface Queues {
  push: Queue<PushJob>;
  pull: Queue<PullJob>;
  webhooks: Queue<DeliverWebhookJob>;
  maintenance: Queue<SweepJob>;
  settings: QueueSettings;
  close(): Promise<void>;
}

/**
 * BullMQ's PostgreSQL backend on a pg-compatible pool: the embedded mode keeps its queues in a
 * PGlite of their own. Its schema (`bullmq`) must be migrated before the first queue opens.
 */
export interface PostgresQueueConnection {
  kind: 'postgres';
  pool: PgPool;
  /**
   * Longest an idle worker waits before looking for jobs again (seconds). Jobs wake workers at
   * once through LISTEN/NOTIFY; this only bounds how long a missed notification can go unnoticed.
   */
  pollSeconds: number;
}

function isRedis(connection: unknown): connection is Redis {
  return typeof (connection as Partial<Redis> | undefined)?.status === 'string';
}

/** Where the queues live: Redis (the server mode), or Postgres (the embedded mode). */
export type QueueConnection = Redis | PostgresQueueConnection;

const OnPostgres = withBackend(createPostgresBackend);

function onPostgres(connection: QueueConnection): connection is PostgresQueueConnection {
  return (connection as Partial<PostgresQueueConnection>).kind === 'postgres';
}

// BullMQ types a queue by its backend; every method this app calls behaves the same on either,
// so both are handed out under the Redis-typed view the rest of the code (and Bull Board) knows.
function openQueue<T>(connection: QueueConnection, name: string, prefix: string): Queue<T> {
  if (!onPostgres(connection)) return new Queue<T>(name, { connection, prefix });
  return new OnPostgres.Queue<T>(name, { connection: connection.pool }) as unknown as Queue<T>;
}

/** A BullMQ worker on the connection's backend (see {@link openQueue} for the typing). */
export function createWorker<T>(
  connection: QueueConnection,
  name: string,
  processor: Processor<T>,
  options: Omit<WorkerOptions, 'connection'>,
): Worker<T> {
  if (!onPostgres(connection)) return new Worker<T>(name, processor, { ...options, connection });
  const worker = new OnPostgres.Worker<T>(name, processor, { ...options, connection: connection.pool, drainDelay: connection.pollSeconds });
  return worker as unknown as Worker<T>;
}

export function createQueues(connection: QueueConnection, settings: QueueSettings = DEFAULT_QUEUE_SETTINGS): Queues {
  const push = openQueue<PushJob>(connection, QUEUES.push, settings.prefix);
  const pull = openQueue<PullJob>(connection, QUEUES.pull, settings.prefix);
  const webhooks = openQueue<DeliverWebhookJob>(connection, QUEUES.webhooks, settings.prefix);
  const maintenance = openQueue<SweepJob>(connection, QUEUES.maintenance, settings.prefix);
  // Without a listener an unreachable Redis surfaces as an unhandled 'error' event and kills the process.
  for (const queue of [push, pull, webhooks, maintenance]) queue.on('error', () => {});
  const queues: Queues = {
    push,
    pull,
    webhooks,
    maintenance,
    settings,
    async close() {
      await Promise.allSettled([push.close(), pull.close(), webhooks.close(), maintenance.close()]);
    },
  };
  connections.set(queues, connection);
  return queues;
}

// Each Queues' connection, to tell whether it can take a job now.
const connections = new WeakMap<Queues, QueueConnection>();

/** Thrown instead of waiting when the queue's Redis has not answered yet. */
export class QueueUnreachable extends Error {
  override readonly name = 'QueueUnreachable';
  readonly code = 'QUEUE_UNREACHABLE';
}

/** How long a fail-fast connection that is still connecting is given before the enqueue gives up. */
const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * On a connection meant to fail fast (the API's and the CLI's: no offline queue, see createRedis),
 * gives up when Redis is not connected, after a short wait if it is connecting: BullMQ waits, without a timeout, for a
 * connection that has never been ready (an API started while Redis was away), which would hold
 * the request. The caller's row is in Postgres; the sweeper enqueues it later. A worker's
 * connection waits, as it always did.
 */
async function failFast(connection: unknown): Promise<void> {
  if (!isRedis(connection) || connection.options.enableOfflineQueue !== false || connection.status === 'ready') return;
  // Only a connection attempt in progress (a CLI command's first) is worth waiting for.
  if (connection.status !== 'connecting' && connection.status !== 'connect') {
    throw new QueueUnreachable(`Redis is not connected (${connection.status})`);
  }
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      onReady = () => resolve(true);
      connection.once('ready', onReady);
    }),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), FIRST_CONNECT_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (onReady) connection.off('ready', onReady);
  if (!ready) throw new QueueUnreachable(`Redis is not connected (${connection.status})`);
}

function ensureReachable(queues: Queues): Promise<void> {
  return failFast(connections.get(queues));
}

/** The options of a record's push job (its id is the record's); `priority` 0 (none) is the fast lane (see {@link PushLanes}). */
export function pushJobOptions(settings: QueueSettings, recordId: string, priority = 0): JobsOptions {
  return {
    jobId: recordId,
    attempts: settings.pushAttempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
    ...(priority > 0 ? { priority } : {}),
  };
}

/**
 * A record to push: its id, or its id and connection (a row will do), which lets a connection
 * enqueueing in bulk take the slow lane rather than hold up the others (see {@link PushLanes}).
 * Every caller that knows the connection should pass it. `object` defaults to `account`, the
 * one object pushed today.
 */
export type PushTarget = string | { id: string; connectionId: string; object?: string };

// Each Queues' lanes: counted per process, by whoever enqueues.
const lanes = new WeakMap<Queues, PushLanes>();

function pushJob(queues: Queues, target: PushTarget) {
  const id = typeof target === 'string' ? target : target.id;
  const object = (typeof target === 'string' ? undefined : target.object) ?? 'account';
  let priority = 0;
  if (typeof target !== 'string') {
    const lane = lanes.get(queues) ?? createPushLanes();
    lanes.set(queues, lane);
    priority = lane.priorityOf(target.connectionId);
  }
  const data: PushJob = { object, id };
  return { name: JOB_NAMES.push, data, opts: pushJobOptions(queues.settings, id, priority) };
}

/** Adds the push job of a record; a job with that id already queued makes this a no-op. */
export async function enqueuePush(queues: Queues, account: PushTarget): Promise<void> {
  await ensureReachable(queues);
  const { name, data, opts } = pushJob(queues, account);
  await queues.push.add(name, data, opts);
}

/** Adds the push jobs of several records in one round trip (the intake's batches). */
export async function enqueuePushes(queues: Queues, targets: readonly PushTarget[]): Promise<void> {
  if (targets.length === 0) return;
  await ensureReachable(queues);
  await queues.push.addBulk(targets.map((target) => pushJob(queues, target)));
}

export async function enqueueDeliveries(queues: Queues, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await ensureReachable(queues);
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
  await failFast((queue.opts as { connection?: unknown }).connection);
  const state = await queue.getJobState(jobId);
  if (state === 'completed' || state === 'failed') await queue.remove(jobId);
  return state === 'completed' || state === 'failed' || state === 'unknown';
}

/** Enqueues the push again after a retry: a finished job of the same record is replaced. */
export async function requeuePush(queues: Queues, target: PushTarget): Promise<void> {
  await freeJobId(queues.push, typeof target === 'string' ? target : target.id);
  await enqueuePush(queues, target);
}

/** Enqueues deliveries again after a replay: finished jobs of the same deliveries are replaced. */
export async function requeueDeliveries(queues: Queues, deliveryIds: readonly string[]): Promise<void> {
  for (const id of deliveryIds) await freeJobId(queues.webhooks, id);
  await enqueueDeliveries(queues, deliveryIds);
}

/** Attempts of a pull job: each resumes from the page token the last one stored. */
export const PULL_ATTEMPTS = 8;

/** The id of a connection's pull of an object: one queued at a time (a resync asks for a full one through Postgres). */
export function pullJobId(connectionId: string, object: string): string {
  return `pull-${connectionId}-${object}`;
}

/** Adds the pull jobs; one already queued for the same connection and object makes that one a no-op. */
export async function enqueuePulls(queues: Queues, jobs: readonly PullJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await ensureReachable(queues);
  await queues.pull.addBulk(
    jobs.map((data) => ({
      name: JOB_NAMES.pull,
      data,
      opts: {
        jobId: pullJobId(data.connection_id, data.object),
        attempts: PULL_ATTEMPTS,
        backoff: { type: BACKOFF_TYPE },
        removeOnComplete: keepCompleted,
        removeOnFail: keepFailed,
      },
    })),
  );
}

/** Enqueues the pulls again, replacing finished jobs of the same ids (the sweeper, a resync). */
export async function requeuePulls(queues: Queues, jobs: readonly PullJob[]): Promise<PullJob[]> {
  const added: PullJob[] = [];
  for (const job of jobs) if (await freeJobId(queues.pull, pullJobId(job.connection_id, job.object))) added.push(job);
  await enqueuePulls(queues, added);
  return added;
}
