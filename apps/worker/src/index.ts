export type { WorkerContext } from './context.js';
export { loadWorkerEnv, type WorkerEnv, workerEnvSchema } from './env.js';
export { type RunningWorkers, startWorkers } from './start-workers.js';
export { createSweepProcessor } from './processors/sweep.js';
export { createPullProcessor, PULL_LIMITER_PREFIX, type PullOutcome, WATERMARK_MARGIN_MS } from './processors/pull.js';
export { buildWorkerContext, type WorkerServices } from './wiring.js';
export { createWorkerMetrics, type MetricsServer, startMetricsServer, type WorkerMetrics } from './metrics/index.js';
