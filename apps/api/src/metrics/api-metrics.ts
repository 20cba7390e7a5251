import type { Queues } from '@ledgersync/jobs';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { registerQueueDepths } from './queue-depths.js';

export interface ApiMetricsOptions {
  /** Longest a scrape waits for Redis to count the queues (default 1 s). */
  queueTimeoutMs?: number;
  /** Also expose Node's process metrics (CPU, memory, event loop), as `ledgersync_process_*` and `ledgersync_nodejs_*`. */
  processMetrics?: boolean;
  /** Other registries served at the same `/metrics`: the workers' in the embedded mode, where they share the process. */
  alsoServe?: Registry[];
}

/** The API process' metrics, in a registry of its own so several apps in one process stay apart. */
export interface ApiMetrics {
  registry: Registry;
  intakeRequests: Counter<'method' | 'route' | 'status_code'>;
}

export function createApiMetrics(queues: Queues, options: ApiMetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'ledgersync_' });
  const intakeRequests = new Counter({
    name: 'ledgersync_intake_requests_total',
    help: 'Requests answered by the API, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  registerQueueDepths(registry, queues, options.queueTimeoutMs ?? 1_000);
  return { registry: options.alsoServe?.length ? Registry.merge([registry, ...options.alsoServe]) : registry, intakeRequests };
}
