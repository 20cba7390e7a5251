import type { Db } from '@ledgersync/db';
import type { ConnectionLimiter, Queues } from '@ledgersync/jobs';
import type { findPullCapabilities, findPullHandler } from '@ledgersync/providers';
import type { Logger } from '@ledgersync/runtime';
import type { SecretCipher } from '@ledgersync/secrets';
import type { WorkerEnv } from './env.js';
import type { WorkerMetrics } from './metrics/index.js';

/** What every processor is built from; tests build it with their own database and queues. */
export interface WorkerContext {
  db: Db;
  cipher: SecretCipher;
  queues: Queues;
  /** The per-connection limiter, shared by every worker process. */
  limiter: ConnectionLimiter;
  logger: Logger;
  /**
   * Where the pull processor finds a provider's reader of an object (and how it reads it); left out,
   * the providers' registry. Tests give readers over a book of their own.
   */
  pullReaders?: { handler: typeof findPullHandler; capabilities?: typeof findPullCapabilities };
  /** Prometheus metrics of this process; left out, nothing is counted. */
  metrics?: WorkerMetrics;
  settings: Pick<
    WorkerEnv,
    | 'PUSH_CONCURRENCY'
    | 'PROVIDER_TIMEOUT_MS'
    | 'THROTTLE_WAIT_MS'
    | 'JOB_LOCK_MS'
    | 'STALLED_CHECK_MS'
    | 'PUSH_BACKOFF_BASE_MS'
    | 'PUSH_BACKOFF_MAX_MS'
    | 'PARENT_WAIT_MS'
    | 'WEBHOOK_CONCURRENCY'
    | 'WEBHOOK_TIMEOUT_MS'
    | 'WEBHOOK_ALLOW_PRIVATE_TARGETS'
    | 'SWEEP_INTERVAL_MS'
    | 'SWEEP_STALE_AFTER_MS'
  > &
    Partial<Pick<WorkerEnv, 'PULL_CONCURRENCY' | 'PULL_SCHEDULE'>>;
}
