import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** How one run of a push job ended; `deferred` means the connection's limiter gave it a later slot. */
export type PushOutcomeLabel = 'synced' | 'retried' | 'failed' | 'deferred';

/** Why a connection's pushes waited: the limiter (`rate`, `concurrency`) or the provider (`throttled` after a 429, `quota` when it said it was nearly out). */
export type RateLimitReason = 'rate' | 'concurrency' | 'throttled' | 'quota';

export type WebhookOutcomeLabel = 'delivered' | 'retried' | 'failed' | 'disabled';

export interface WorkerMetricsOptions {
  /** Also expose Node's process metrics (CPU, memory, event loop), as `ledgersync_process_*` and `ledgersync_nodejs_*`. */
  processMetrics?: boolean;
}

// From a fast fake to a provider's 30 s timeout.
const PUSH_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// From an idle system (well under a second) to a day-long backlog or provider outage.
const INTAKE_TO_SYNCED_SECONDS = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/**
 * The worker process' metrics, in a registry of its own. Processors call the methods named after
 * what happened; the methods keep label values to a fixed set.
 */
export function createWorkerMetrics(options: WorkerMetricsOptions = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'ledgersync_' });
  const registers = [registry];

  const pushAttempts = new Counter({
    name: 'ledgersync_push_attempts_total',
    help: 'Accounts sent to their provider (one per job attempt that reached the provider)',
    labelNames: ['provider'],
    registers,
  });
  const pushOutcomes = new Counter({
    name: 'ledgersync_push_outcomes_total',
    help: 'Push job runs by provider and outcome: synced, retried, failed, deferred (by the connection limiter)',
    labelNames: ['provider', 'outcome'],
    registers,
  });
  const pushDuration = new Histogram({
    name: 'ledgersync_push_duration_seconds',
    help: 'Time the provider took to take one account (including a token refresh), by provider and result (ok, error)',
    labelNames: ['provider', 'result'],
    buckets: PUSH_SECONDS,
    registers,
  });
  const intakeToSynced = new Histogram({
    name: 'ledgersync_intake_to_synced_seconds',
    help: 'Time from the API storing an account to the account being synced at its provider',
    labelNames: ['provider'],
    buckets: INTAKE_TO_SYNCED_SECONDS,
    registers,
  });
  const rateLimitDelays = new Counter({
    name: 'ledgersync_rate_limit_delays_total',
    help: 'Times a connection was held back by its rate limits, by provider and reason (rate, concurrency, throttled, quota)',
    labelNames: ['provider', 'reason'],
    registers,
  });
  const rateLimitWait = new Counter({
    name: 'ledgersync_rate_limit_delay_seconds_total',
    help: 'Total wait imposed by those holds, by provider and reason',
    labelNames: ['provider', 'reason'],
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'ledgersync_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered, retried, failed (for good), disabled (endpoint answered 410)',
    labelNames: ['outcome'],
    registers,
  });
  const redisDataLost = new Counter({
    name: 'ledgersync_redis_data_lost_total',
    help: "Times this worker found that Redis had lost its data (the sweeper's schedule gone) and rebuilt the schedule and the queue from Postgres",
    registers,
  });

  return {
    registry,

    redisDataLost(): void {
      redisDataLost.inc();
    },

    /** A push reaches the provider; call the returned function once it has answered (later calls do nothing). */
    pushStarted(provider: string): (result: 'ok' | 'error') => void {
      pushAttempts.inc({ provider });
      const stop = pushDuration.startTimer({ provider });
      let stopped = false;
      return (result) => {
        if (stopped) return;
        stopped = true;
        stop({ result });
      };
    },

    pushOutcome(provider: string, outcome: PushOutcomeLabel): void {
      pushOutcomes.inc({ provider, outcome });
    },

    /** The account is synced: an outcome, and its time since intake. */
    pushSynced(provider: string, acceptedAt: Date): void {
      pushOutcomes.inc({ provider, outcome: 'synced' });
      intakeToSynced.observe({ provider }, Math.max(0, (Date.now() - acceptedAt.getTime()) / 1000));
    },

    rateLimitDelay(provider: string, reason: RateLimitReason, waitMs: number): void {
      rateLimitDelays.inc({ provider, reason });
      rateLimitWait.inc({ provider, reason }, Math.max(0, waitMs) / 1000);
    },

    webhookDelivery(outcome: WebhookOutcomeLabel): void {
      webhookDeliveries.inc({ outcome });
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
