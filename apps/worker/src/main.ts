import { pushesAttemptedSince, migrate, openDatabase } from '@ledgersync/db';
import { createQueues, createRedis, createRedisLimiter, untilReady } from '@ledgersync/jobs';
import {
  createLogger,
  keysFromEnv,
  loadEnvOrExit,
  needing,
  onShutdownSignal,
  prettyLogs,
  queueSettingsFromEnv,
  serviceAddress,
  startOrExit,
} from '@ledgersync/runtime';
import { loadWorkerEnv } from './env.js';
import { createWorkerMetrics, startMetricsServer } from './metrics/index.js';
import { startWorkers } from './start-workers.js';
import { buildWorkerContext } from './wiring.js';

// The worker process (server mode): pushes accounts, delivers webhooks, sweeps. Run as many as the
// load needs. Its context is built in wiring.ts, as in the embedded mode.
const env = loadEnvOrExit(loadWorkerEnv);
const logger = createLogger({ name: 'worker', level: env.LOG_LEVEL, pretty: prettyLogs(env) });

await startOrExit(logger, async () => {
  const keys = keysFromEnv(env, logger);
  await needing('DATABASE_URL', env.DATABASE_URL, () => migrate(env.DATABASE_URL));
  const database = openDatabase(env.DATABASE_URL, { max: Math.min(env.PUSH_CONCURRENCY + env.WEBHOOK_CONCURRENCY, 40) });
  const redis = createRedis(env.REDIS_URL, 'worker');
  // The worker needs Redis to take jobs: it waits for it (saying so) rather than exit and be restarted in a loop.
  await untilReady(redis, (error) =>
    logger.warn(
      { setting: 'REDIS_URL', address: serviceAddress(env.REDIS_URL), code: (error as { code?: string } | undefined)?.code },
      'Redis is not reachable: waiting for it before taking jobs (accounts stay pending in Postgres meanwhile)',
    ),
  );
  const queues = createQueues(redis, queueSettingsFromEnv(env));
  // A push in the last day: a Redis found without its epoch lost its counts (see epoch.ts).
  const limiter = createRedisLimiter(redis, env.QUEUE_PREFIX, {
    recentActivity: () => pushesAttemptedSince(database.db, new Date(Date.now() - 86_400_000)),
  });
  const metrics = createWorkerMetrics({ processMetrics: true });
  const running = await startWorkers(buildWorkerContext(env, { db: database.db, queues, keys, limiter, logger, metrics }), redis);
  const metricsServer =
    env.METRICS_PORT === 0
      ? undefined
      : await startMetricsServer({ registry: metrics.registry, port: env.METRICS_PORT, host: env.METRICS_HOST, logger });

  onShutdownSignal(logger, async () => {
    await running.close(env.SHUTDOWN_TIMEOUT_MS);
    await metricsServer?.close();
    await queues.close();
    await database.close();
    redis.disconnect();
    logger.info('worker stopped');
  });
});
