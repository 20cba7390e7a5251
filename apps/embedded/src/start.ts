import { setTimeout as sleep } from 'node:timers/promises';
import { buildApiDeps, buildApp, createApiMetrics } from '@ledgersync/api';
import type { CliContext } from '@ledgersync/cli';
import { migratePgliteDatabase, openPgliteDatabase } from '@ledgersync/db';
import { createInProcessLimiter, createQueues, type PostgresQueueConnection } from '@ledgersync/jobs';
import {
  claimDataFolder,
  createLogger,
  type DataFolder,
  DataFolderInUse,
  dataDir,
  dataFolder,
  keysFromEnv,
  type Logger,
  queueSettingsFromEnv,
} from '@ledgersync/runtime';
import { buildWorkerContext, createWorkerMetrics, startWorkers } from '@ledgersync/worker';
import { adminCliRoutes } from './admin-endpoint.js';
import { loadEmbeddedSettings } from './env.js';
import { connectQueuePool } from './queue-pool.js';
import { startQueueProcess } from './queue-process.js';

export interface EmbeddedOptions {
  /** The settings, as the environment gives them (default: the process's, read by env.ts). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Guards /admin (the job dashboard) and the CLI's endpoint; absent, neither is served. */
  adminToken?: string;
  /** Longest an idle worker waits before looking again (s); NOTIFY wakes it sooner. */
  pollSeconds?: number;
  /**
   * The queue's process was signalled (SIGTERM or SIGINT to its PID): stop the server, as a
   * signal to this process would. Absent, the queue process stops alone.
   */
  onStopRequested?: () => void;
}

export interface EmbeddedServer {
  /** Where the API listens. */
  url: string;
  /** The data folder this server holds. */
  dataDir: string;
  /** The child process serving the queue's PGlite (for diagnosis: its memory, its logs). */
  queueProcessPid: number;
  /** Stops intake, lets active jobs finish (SHUTDOWN_TIMEOUT_MS), then closes both databases. */
  close(): Promise<void>;
}

/**
 * Takes the data folder. An admin command run while no server held it (`ledgersync` opened the
 * folder itself) holds it for a few seconds, without an address: wait for it rather than fail.
 * A server holding it, or one still starting, is refused as soon as it has an address.
 */
async function claimWhenFree(folder: DataFolder, logger: Logger, waitMs = 60_000) {
  const deadline = Date.now() + waitMs;
  for (let told = false; ; told = true) {
    try {
      return claimDataFolder(folder);
    } catch (error) {
      if (!(error instanceof DataFolderInUse) || error.holder.url !== null || Date.now() > deadline) throw error;
      if (!told) logger.info({ pid: error.holder.pid, dataDir: folder.root }, 'waiting for the process holding the data folder');
    }
    await sleep(250);
  }
}

/** Closes what was opened so far, in reverse order, when start-up fails half way. */
function closer() {
  const steps: (() => Promise<unknown> | unknown)[] = [];
  return {
    add(step: () => Promise<unknown> | unknown) {
      steps.unshift(step);
    },
    async run() {
      for (const step of steps.splice(0))
        await Promise.resolve()
          .then(step)
          .catch(() => {});
    },
  };
}

/**
 * The whole product in one process with nothing installed: the API, the workers and the sandbox,
 * on PGlite kept in the data folder. The app's data is a PGlite in this process; the queue is
 * BullMQ's PostgreSQL backend on a second PGlite, in a child process. The app code is the one the
 * server mode runs; only the queue's connection and the limiter differ.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const settings = loadEmbeddedSettings(options.env);
  const { api: env, worker: workerEnv } = settings;
  const logger = options.logger ?? createLogger({ name: 'ledgersync', level: env.LOG_LEVEL });
  const folder = dataFolder(dataDir(env));
  const claim = await claimWhenFree(folder, logger);
  const cleanup = closer();
  cleanup.add(() => claim.release());
  try {
    const keys = keysFromEnv(env, logger);
    // The two databases start side by side: each is a PGlite booting (and migrating on first use).
    const [queueProcess, database] = await Promise.all([
      startQueueProcess(folder, options.onStopRequested ? { onStopRequested: options.onStopRequested } : {}).then((started) => {
        cleanup.add(() => started.stop());
        return started;
      }),
      openPgliteDatabase(folder.appData).then(async (opened) => {
        cleanup.add(() => opened.close());
        await migratePgliteDatabase(opened, {
          onProgress: (done, total) => {
            if (total > 1) logger.info({ done, total }, done === 0 ? 'applying migrations' : 'migrations applied');
          },
        });
        return opened;
      }),
    ]);
    const pool = connectQueuePool(queueProcess.socketPath);
    cleanup.add(() => pool.end());
    const connection: PostgresQueueConnection = { kind: 'postgres', pool, pollSeconds: options.pollSeconds ?? 1 };
    // One process: the API and the workers share the queues, and the limiter lives in memory.
    const queues = createQueues(connection, queueSettingsFromEnv(env));
    cleanup.add(() => queues.close());
    // Said only to whoever set it: the default applies in the server mode, where Redis counts.
    if (settings.rateLimitGiven)
      logger.warn('API_RATE_LIMIT needs Redis: not applied in the embedded mode');

    // The workers count into their own metrics, served with the API's at /metrics.
    const workerMetrics = createWorkerMetrics();
    // The app is built as the server mode builds it (wiring.ts); only the services differ.
    const app = await buildApp(
      await buildApiDeps(env, {
        db: database.db,
        queues,
        keys,
        logger,
        ...(options.adminToken ? { adminToken: options.adminToken } : {}),
        metrics: createApiMetrics(queues, { processMetrics: true, alsoServe: [workerMetrics.registry] }),
        health: async () => {
          const [databaseUp, queueUp] = await Promise.all([
            database.db.execute('select 1').then(
              () => true,
              () => false,
            ),
            pool.ping(),
          ]);
          // No Redis here: the queue is the second PGlite, reported as such.
          return { database: databaseUp, queue: queueUp };
        },
      }),
    );
    cleanup.add(() => app.close());
    if (options.adminToken) {
      // The admin CLI's commands run here, on this process's database and queues.
      const context: CliContext = {
        env,
        db: database.db,
        keys,
        logger: logger.child({ component: 'cli' }),
        openQueues: () => ({ queues, close: async () => {} }),
      };
      await app.register(adminCliRoutes({ adminToken: options.adminToken, context }), { prefix: '/admin/cli' });
    }

    const workers = await startWorkers(
      buildWorkerContext(workerEnv, { db: database.db, queues, keys, limiter: createInProcessLimiter(), logger, metrics: workerMetrics }),
      connection,
    );
    cleanup.add(() => workers.close(workerEnv.SHUTDOWN_TIMEOUT_MS));

    const address = await app.listen({ port: env.PORT, host: env.HOST });
    // PORT=0 takes any free port: the sandbox's URLs (built from PUBLIC_URL) follow the real one.
    if (!settings.publicUrlGiven && env.PORT === 0) env.PUBLIC_URL = address;
    claim.publish(env.PUBLIC_URL);
    logger.info({ url: env.PUBLIC_URL, dataDir: folder.root }, 'ledgersync embedded mode ready');
    return {
      url: env.PUBLIC_URL,
      dataDir: folder.root,
      queueProcessPid: queueProcess.pid,
      async close() {
        // Intake first, so nothing new arrives while the workers finish what they hold.
        await app.close();
        await cleanup.run();
      },
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}
