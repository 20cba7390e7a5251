import type { Db } from '@ledgersync/db';
import type { FakeProviders } from '@ledgersync/fake-providers';
import type { Queues } from '@ledgersync/jobs';
import type { Keys, Logger } from '@ledgersync/runtime';
import type { ApiDeps } from './deps.js';
import type { ApiEnv } from './env.js';
import type { ApiMetrics } from './metrics/index.js';
import type { ApiKeyRateLimit } from './rate-limit.js';

/**
 * What the running mode opened for the API: the server mode's Postgres and Redis, or the
 * embedded mode's PGlite and its Postgres-backed queue. Everything else comes from the settings.
 */
export interface ApiServices {
  db: Db;
  queues: Queues;
  keys: Keys;
  logger: Logger;
  metrics: ApiMetrics;
  health: ApiDeps['health'];
  /** Guards /admin; absent, the admin routes are off. */
  adminToken?: string;
  /**
   * Where the per-key counts are kept across API processes (Redis, server mode). Absent,
   * API_RATE_LIMIT is not applied: the embedded mode has no Redis (and says so at start).
   */
  rateLimitStore?: Pick<ApiKeyRateLimit, 'redis' | 'recentActivity'>;
}

/**
 * The API's dependencies from the parsed settings and the services of the mode that runs: the
 * server mode (apps/api/src/server.ts) and the embedded mode (apps/embedded) both build them here,
 * so the two serve the same app.
 */
export async function buildApiDeps(settings: ApiEnv, services: ApiServices): Promise<ApiDeps> {
  const { db, queues, keys, logger, metrics, health, adminToken, rateLimitStore } = services;
  const sandbox = settings.SANDBOX ? await loadSandbox(settings.SANDBOX_SECRET ?? keys.derive('sandbox')) : undefined;
  return {
    db,
    cipher: keys.cipher,
    queues,
    logger,
    health,
    metrics,
    ...(sandbox ? { sandbox } : {}),
    ...(adminToken ? { adminToken } : {}),
    bodyLimitBytes: settings.BODY_LIMIT_BYTES,
    allowPrivateWebhookTargets: settings.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    webhookSecretOverlapMs: settings.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000,
    ...(settings.API_RATE_LIMIT && rateLimitStore
      ? { rateLimit: { ...settings.API_RATE_LIMIT, ...rateLimitStore, prefix: settings.QUEUE_PREFIX } }
      : {}),
  };
}

/**
 * The provider fakes, imported only when the sandbox is on: a production API (SANDBOX off) never
 * loads them (test/deploy/production-imports.test.ts walks the entry's static imports).
 */
async function loadSandbox(secret: string): Promise<FakeProviders> {
  const { createFakeProviders } = await import('@ledgersync/fake-providers');
  // The fakes start empty at every start while the connections' records keep their remote ids:
  // ids counted from the start time (ms) are never handed out twice to the same connection.
  return createFakeProviders({ secret, idsAfter: Date.now() });
}
