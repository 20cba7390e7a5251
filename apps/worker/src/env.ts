import { intSetting, parseEnv, serviceEnvSchema, withRunMode } from '@ledgersync/runtime';
import { z } from 'zod';

export const workerEnvSchema = serviceEnvSchema
  .extend({
    /** Accounts pushed at once by this process (across all connections). */
    PUSH_CONCURRENCY: intSetting(20, 1),
    /** Pulls run at once by this process (each reads one connection's object, a page at a time). */
    PULL_CONCURRENCY: intSetting(4, 1),
    /**
     * on: the sweeper pulls every connection's books on their schedule (a full pull first for a
     * connection that never had one); off: pulls run only when asked (`POST /sync/resync`,
     * `connections sync`), for installs that only push.
     */
    PULL_SCHEDULE: z.enum(['on', 'off']).default('on'),
    PUSH_BACKOFF_BASE_MS: intSetting(2_000),
    PUSH_BACKOFF_MAX_MS: intSetting(10 * 60_000),
    /** Overrides every provider's documented request timeout (ms). */
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).optional(),
    /**
     * The wait after a provider throttles without saying how long: a 429 without Retry-After, or
     * Xero's app minute limit spent (it never tells when the app's window resets). Default: the
     * provider's documented wait, or the longest its window can still run.
     */
    THROTTLE_WAIT_MS: z.coerce.number().int().min(0).optional(),
    /** BullMQ job lock: a job whose worker stopped renewing it is retried after this long. */
    JOB_LOCK_MS: intSetting(30_000, 1_000),
    /** How often workers look for jobs whose lock expired (a crashed worker's). */
    STALLED_CHECK_MS: intSetting(30_000, 500),
    /** How long a child waits before looking again at a parent that is not pushed yet. */
    PARENT_WAIT_MS: intSetting(2_000),
    WEBHOOK_CONCURRENCY: intSetting(20, 1),
    /** Time an endpoint has to answer one delivery. */
    WEBHOOK_TIMEOUT_MS: intSetting(15_000, 1),
    /** How often the sweeper looks for work Redis lost. */
    SWEEP_INTERVAL_MS: intSetting(30_000, 100),
    /** An unfinished account or delivery untouched this long is checked against the queue. */
    SWEEP_STALE_AFTER_MS: intSetting(60_000),
    /** Time given to active jobs to finish on SIGTERM before the process leaves them to others. */
    SHUTDOWN_TIMEOUT_MS: intSetting(25_000),
    /** Port of the worker's Prometheus `/metrics`; 0 turns it off. */
    METRICS_PORT: intSetting(9464),
    /** Interface it listens on; 0.0.0.0 in containers so Prometheus can reach it. */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Let webhooks reach loopback, private and link-local addresses (default: everywhere but production). */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).optional(),
  })
  .transform((env) => ({
    ...withRunMode(env),
    WEBHOOK_ALLOW_PRIVATE_TARGETS: env.WEBHOOK_ALLOW_PRIVATE_TARGETS
      ? env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true'
      : env.NODE_ENV !== 'production',
  }));

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export const loadWorkerEnv = (source?: Record<string, string | undefined>) => parseEnv(workerEnvSchema, source);
