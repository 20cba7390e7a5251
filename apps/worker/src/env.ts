import { intSetting, parseEnv, serviceEnvSchema } from '@ledgersync/runtime';
import type { z } from 'zod';

export const workerEnvSchema = serviceEnvSchema.extend({
  /** Accounts pushed at once by this process (across all connections). */
  PUSH_CONCURRENCY: intSetting(20, 1),
  /** Attempts before an account is `failed` (transient errors only; permanent ones fail at once). */
  PUSH_ATTEMPTS: intSetting(8, 1),
  PUSH_BACKOFF_BASE_MS: intSetting(2_000),
  PUSH_BACKOFF_MAX_MS: intSetting(10 * 60_000),
  /** How long a child waits before looking again at a parent that is not pushed yet. */
  PARENT_WAIT_MS: intSetting(2_000),
  WEBHOOK_CONCURRENCY: intSetting(20, 1),
  WEBHOOK_ATTEMPTS: intSetting(10, 1),
  WEBHOOK_BACKOFF_BASE_MS: intSetting(10_000),
  WEBHOOK_BACKOFF_MAX_MS: intSetting(6 * 3_600_000),
  WEBHOOK_TIMEOUT_MS: intSetting(10_000, 1),
  /** How often the sweeper looks for work Redis lost. */
  SWEEP_INTERVAL_MS: intSetting(30_000, 100),
  /** An unfinished account or delivery untouched this long is checked against the queue. */
  SWEEP_STALE_AFTER_MS: intSetting(60_000),
  /** Time given to active jobs to finish on SIGTERM before the process leaves them to others. */
  SHUTDOWN_TIMEOUT_MS: intSetting(25_000),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export const loadWorkerEnv = (source?: Record<string, string | undefined>) => parseEnv(workerEnvSchema, source);
