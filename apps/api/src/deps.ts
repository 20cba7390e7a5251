import type { Db } from '@ledgersync/db';
import type { FakeProviders } from '@ledgersync/fake-providers';
import type { Queues } from '@ledgersync/jobs';
import type { Logger } from '@ledgersync/runtime';
import type { SecretCipher } from '@ledgersync/secrets';
import type { Lookups } from './lookups.js';
import type { ApiMetrics } from './metrics/index.js';
import type { ApiKeyRateLimit } from './rate-limit.js';

/** Everything the HTTP app is built from; server.ts wires the real ones, tests their own. */
export interface ApiDeps {
  db: Db;
  cipher: SecretCipher;
  queues: Queues;
  logger: Logger;
  /**
   * Checks the services behind the API for /healthz: Postgres, and the queue's Redis (server mode)
   * or the queue itself where there is no Redis (the embedded mode's Postgres backend).
   */
  health: () => Promise<{ database: boolean } & ({ redis: boolean } | { queue: boolean })>;
  /** The provider fakes to serve under /sandbox, when the sandbox is on. */
  sandbox?: FakeProviders;
  bodyLimitBytes?: number;
  /** Guards /admin (the job dashboard). Absent: the admin routes are not served (404). */
  adminToken?: string;
  /** Prometheus metrics served at /metrics; left out, the API has no /metrics. */
  metrics?: ApiMetrics;
  /** Accept webhook URLs naming private addresses (development, tests). Default false. */
  allowPrivateWebhookTargets?: boolean;
  /** How long a rotated webhook secret keeps signing. Default 24 h. */
  webhookSecretOverlapMs?: number;
  /** Requests per API key; left out, no limit. */
  rateLimit?: ApiKeyRateLimit;
}

/** What the routes get: the deps, plus the batched reads buildApp makes from them. */
export interface RouteDeps extends ApiDeps {
  lookups: Lookups;
}
