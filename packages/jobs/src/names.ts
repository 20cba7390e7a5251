/**
 * The job registry: every kind of job, the queue it runs on, its payload, and whether this
 * release runs it. Jobs carry ids only: Postgres holds the data, so a job can be rebuilt from a
 * row at any time. A job's BullMQ name is its kind.
 */

/** Queue names. Each queue's keys live under the configured prefix (`QUEUE_PREFIX`). */
export const QUEUES = {
  /** One job per record to push, whatever its object; job id = record id. */
  push: 'push',
  /** Pulls of a connection's object from its provider; job id = `pull-<connection>-<object>` (one at a time). */
  pull: 'pull',
  /** One job per webhook delivery; job id = delivery id. */
  webhooks: 'webhooks',
  /** Repeatable housekeeping (the sweeper). */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Push one record of an object (`account`, ...) to its connection's provider. */
export interface PushJob {
  object: string;
  id: string;
}

/** Read a connection's object from its provider: all of it, or what changed since the cursor. */
export interface PullJob {
  connection_id: string;
  object: string;
  mode: 'full' | 'incremental';
}

export interface DeliverWebhookJob {
  deliveryId: string;
}

export type SweepJob = Record<string, never>;

/** Each job kind's payload. */
export interface JobPayloads {
  push: PushJob;
  pull: PullJob;
  'deliver-webhook': DeliverWebhookJob;
  sweep: SweepJob;
}
export type JobKind = keyof JobPayloads;

/** Each kind's queue, and whether a worker of this release must run it (`built`). */
export const JOBS = {
  push: { queue: QUEUES.push, built: true },
  pull: { queue: QUEUES.pull, built: true },
  'deliver-webhook': { queue: QUEUES.webhooks, built: true },
  sweep: { queue: QUEUES.maintenance, built: true },
} as const satisfies Record<JobKind, { queue: QueueName; built: boolean }>;

export const JOB_KINDS = Object.keys(JOBS) as JobKind[];

/** BullMQ job names (a job's name is its kind). */
export const JOB_NAMES = {
  push: 'push',
  pull: 'pull',
  deliverWebhook: 'deliver-webhook',
  sweep: 'sweep',
} as const satisfies Record<string, JobKind>;

/** The kinds this release runs that `processors` has no processor for. */
export function missingProcessors(processors: Partial<Record<JobKind, unknown>>): JobKind[] {
  return JOB_KINDS.filter((kind) => JOBS[kind].built && typeof processors[kind] !== 'function');
}

/** Refuses to start a worker that could not run a kind of job it is sent. */
export function assertProcessors(processors: Partial<Record<JobKind, unknown>>): void {
  const missing = missingProcessors(processors);
  if (missing.length > 0) {
    throw new Error(
      `no processor for job kind${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: this worker cannot start (see packages/jobs/src/names.ts)`,
    );
  }
}
