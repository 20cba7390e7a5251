import { pushesAttemptedSince, migrate, openDatabase } from '@ledgersync/db';
import { createQueues, createRedis } from '@ledgersync/jobs';
import {
  createLogger,
  dataDir,
  keysFromEnv,
  loadEnvOrExit,
  needing,
  onShutdownSignal,
  prettyLogs,
  queueSettingsFromEnv,
  serviceAddress,
  startOrExit,
} from '@ledgersync/runtime';
import { resolveAdminToken } from './admin/index.js';
import { createApiMetrics } from './metrics/index.js';
import { buildApp } from './app.js';
import { loadApiEnv } from './env.js';
import { buildApiDeps } from './wiring.js';

// The API process (server mode): opens Postgres and Redis, listens, and closes gracefully. The app's
// dependencies are built in wiring.ts, as in the embedded mode; the app itself in app.ts.
const env = loadEnvOrExit(loadApiEnv);
const logger = createLogger({ name: 'api', level: env.LOG_LEVEL, pretty: prettyLogs(env) });

await startOrExit(logger, async () => {
  const keys = keysFromEnv(env, logger);
  const admin = resolveAdminToken({ fromEnv: env.LEDGERSYNC_ADMIN_TOKEN, production: env.NODE_ENV === 'production', dataDir: dataDir(env) });
  await needing('DATABASE_URL', env.DATABASE_URL, () => migrate(env.DATABASE_URL));
  const database = openDatabase(env.DATABASE_URL, { max: 20 });
  const redis = createRedis(env.REDIS_URL, 'producer');
  let redisDown = false;
  redis.on('error', (error) => {
    // ioredis repeats the error on every reconnect attempt: log the change, not each retry.
    if (!redisDown) {
      logger.warn(
        { err: error, setting: 'REDIS_URL', address: serviceAddress(env.REDIS_URL) },
        'Redis unreachable: accounts are stored and will be enqueued once it is back',
      );
    }
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('Redis reachable again');
    redisDown = false;
  });
  // The per-key request counts: a connection of their own (see createRedis); unreachable, requests pass.
  const counters = createRedis(env.REDIS_URL, 'counters');
  counters.on('error', () => {});
  // Give Redis a moment so the first requests can enqueue; start anyway if it is down (Redis is
  // reported by /healthz and /readyz, not required). Not events.once: it rejects on 'error'.
  await Promise.race([new Promise((resolve) => redis.once('ready', resolve)), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);

  const queues = createQueues(redis, queueSettingsFromEnv(env));
  const deps = await buildApiDeps(env, {
    db: database.db,
    queues,
    keys,
    logger,
    ...(admin ? { adminToken: admin.token } : {}),
    metrics: createApiMetrics(queues, { processMetrics: true }),
    // A push in the last day: a Redis found without its epoch lost its counts.
    rateLimitStore: { redis: counters, recentActivity: () => pushesAttemptedSince(database.db, new Date(Date.now() - 86_400_000)) },
    health: async () => {
      const database_ = await database.sql`select 1`.then(
        () => true,
        () => false,
      );
      return { database: database_, redis: redis.status === 'ready' };
    },
  });
  const app = await buildApp(deps);
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info(
    { url: env.PUBLIC_URL, sandbox: deps.sandbox ? `${env.PUBLIC_URL}/sandbox` : 'off' },
    deps.sandbox ? `ledgersync API ready; try it: pnpm ledgersync sandbox --json` : 'ledgersync API ready',
  );
  const dashboardUrl = `${env.PUBLIC_URL}/admin/queues`;
  if (!admin) logger.info('admin routes off: set LEDGERSYNC_ADMIN_TOKEN to serve the job dashboard');
  else if (admin.source === 'generated') {
    // Printed once, to the terminal rather than the logs; later starts read it from the file.
    process.stdout.write(`\nJob dashboard: ${dashboardUrl}\nAdmin token (any user name, this as password; kept in ${admin.file}): ${admin.token}\n\n`);
  } else logger.info({ dashboard: dashboardUrl, tokenFile: admin.file ?? 'LEDGERSYNC_ADMIN_TOKEN' }, 'job dashboard behind the admin token');

  onShutdownSignal(logger, async () => {
    await app.close();
    await queues.close();
    await database.close();
    redis.disconnect();
    counters.disconnect();
    logger.info('API stopped');
  });
});
