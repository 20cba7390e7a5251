import { type Db, migrate, migratePgliteDatabase, openDatabase, openPgliteDatabase } from '@ledgersync/db';
import { createQueues, createRedis, type Queues } from '@ledgersync/jobs';
import {
  claimDataFolder,
  createLogger,
  dataDir,
  dataFolder,
  type Keys,
  keysFromEnv,
  type Logger,
  queueSettingsFromEnv,
} from '@ledgersync/runtime';
import { type CliEnv, loadCliEnv } from './env.js';
import { migrationProgress } from './progress.js';
import { currentSession } from './session.js';

/** Queues opened for one command, and how to let them go. */
export interface QueueAccess {
  queues: Queues;
  close(): Promise<void>;
  /**
   * Set when nothing takes jobs now (the embedded mode with no server running): what was left
   * pending in the database is enqueued by the server's sweeper once it starts. Says so.
   */
  deferred?: string;
}

export interface CliContext {
  env: CliEnv;
  db: Db;
  keys: Keys;
  /** Diagnostics: stderr for the CLI's own process, the server's log when the server runs the command. */
  logger: Logger;
  /** The queues a command enqueues on (`accounts retry`), opened on first use. */
  openQueues(): QueueAccess;
}

/**
 * The database (migrated first, so the CLI works on a fresh install) for one command: the
 * server's own when the embedded server runs the command; else the data folder's PGlite in the
 * embedded mode (DATABASE_URL and REDIS_URL unset), or Postgres at DATABASE_URL. Diagnostics go
 * to stderr; stdout carries only the command's output, so `--json` pipes cleanly.
 */
export async function withContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const hosted = currentSession().host;
  if (hosted) return run(hosted);
  const env = loadCliEnv();
  const logger = createLogger({ name: 'cli', level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, destination: 2 });
  const keys = keysFromEnv(env, logger);
  const opened = env.mode === 'embedded' ? await openDataFolder(env) : await openServerDatabase(env);
  try {
    return await run({ env, db: opened.db, keys, logger, openQueues: opened.openQueues });
  } finally {
    await opened.close();
  }
}

interface OpenedDatabase {
  db: Db;
  openQueues(): QueueAccess;
  close(): Promise<void>;
}

function openServerDatabase(env: CliEnv): Promise<OpenedDatabase> {
  return migrate(env.DATABASE_URL, { onProgress: migrationProgress() }).then(() => {
    const database = openDatabase(env.DATABASE_URL, { max: 2 });
    return {
      db: database.db,
      openQueues() {
        // A producer connection that fails fast: with Redis down, rows go back to pending and
        // the sweeper enqueues them once it is back.
        const redis = createRedis(env.REDIS_URL, 'producer');
        redis.on('error', () => {});
        const queues = createQueues(redis, queueSettingsFromEnv(env));
        return {
          queues,
          async close() {
            await queues.close();
            redis.disconnect();
          },
        };
      },
      close: () => database.close(),
    };
  });
}

/**
 * The embedded mode's data folder, opened by the CLI itself because no server holds it. It is
 * claimed meanwhile, so a server starting now waits for nothing half-written: it is refused and
 * says which process holds the folder.
 */
async function openDataFolder(env: CliEnv): Promise<OpenedDatabase> {
  const folder = dataFolder(dataDir(env));
  const claim = claimDataFolder(folder);
  try {
    const database = await openPgliteDatabase(folder.appData);
    try {
      await migratePgliteDatabase(database, { onProgress: migrationProgress() });
    } catch (error) {
      await database.close();
      throw error;
    }
    return {
      db: database.db,
      openQueues: () => ({
        queues: queuesOfStoppedServer(queueSettingsFromEnv(env)),
        close: async () => {},
        deferred: `no ledgersync runs on ${folder.root}: the accounts are pending, and are pushed once \`pnpm start\` runs`,
      }),
      async close() {
        await database.close();
        claim.release();
      },
    };
  } catch (error) {
    claim.release();
    throw error;
  }
}

/**
 * Queues that take nothing: with the embedded server stopped there is no queue to add to (it is
 * the server's second PGlite). Postgres is the truth: an account put back to pending is
 * enqueued by the sweeper when the server starts, as after any enqueue that did not happen.
 */
function queuesOfStoppedServer(settings: Queues['settings']): Queues {
  const queue = {
    getJobState: async () => 'unknown',
    remove: async () => 0,
    add: async () => undefined,
    addBulk: async () => [],
  };
  return { accounts: queue, pull: queue, webhooks: queue, maintenance: queue, settings, close: async () => {} } as unknown as Queues;
}
