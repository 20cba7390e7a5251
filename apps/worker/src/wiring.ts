import type { Db } from '@ledgersync/db';
import type { ConnectionLimiter, Queues } from '@ledgersync/jobs';
import type { Keys, Logger } from '@ledgersync/runtime';
import type { WorkerContext } from './context.js';
import type { WorkerEnv } from './env.js';
import type { WorkerMetrics } from './metrics/index.js';

/**
 * What the running mode opened for the workers: the server mode's Postgres, Redis and Redis
 * limiter, or the embedded mode's PGlite, Postgres-backed queue and in-process limiter.
 */
export interface WorkerServices {
  db: Db;
  queues: Queues;
  keys: Keys;
  limiter: ConnectionLimiter;
  logger: Logger;
  metrics?: WorkerMetrics;
}

/**
 * The processors' context from the parsed settings and the services of the mode that runs: the
 * server mode (apps/worker/src/main.ts) and the embedded mode (apps/embedded) both build it here.
 */
export function buildWorkerContext(settings: WorkerEnv, services: WorkerServices): WorkerContext {
  const { db, queues, keys, limiter, logger, metrics } = services;
  return { db, cipher: keys.cipher, queues, limiter, logger, ...(metrics ? { metrics } : {}), settings };
}
