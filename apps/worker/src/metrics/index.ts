export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from './metrics-server.js';
export {
  createWorkerMetrics,
  type PushOutcomeLabel,
  type RateLimitReason,
  type WebhookOutcomeLabel,
  type WorkerMetrics,
  type WorkerMetricsOptions,
} from './worker-metrics.js';
