export { type ApiMetrics, type ApiMetricsOptions, createApiMetrics } from './api-metrics.js';
export { metricsPlugin } from './plugin.js';
export { QUEUE_STATES } from './queue-depths.js';
