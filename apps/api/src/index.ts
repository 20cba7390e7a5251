export { buildApp } from './app.js';
export { type ApiMetrics, createApiMetrics } from './metrics/index.js';
export type { ApiDeps } from './deps.js';
export { type ApiEnv, apiEnvSchema, loadApiEnv } from './env.js';
export { requireAdminToken, resolveAdminToken } from './admin/index.js';
export { type ApiServices, buildApiDeps } from './wiring.js';
