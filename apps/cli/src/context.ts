import { type Db, migrate, openDatabase } from '@ledgersync/db';
import { createLogger, type Keys, keysFromEnv } from '@ledgersync/runtime';
import { type CliEnv, loadCliEnv } from './env.js';

export interface CliContext {
  env: CliEnv;
  db: Db;
  keys: Keys;
}

/**
 * Opens the database (migrated first, so the CLI works on a fresh install) for one command.
 * Diagnostics go to stderr; stdout carries only the command's output, so `--json` pipes cleanly.
 */
export async function withContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const env = loadCliEnv();
  const logger = createLogger({ name: 'cli', level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, destination: 2 });
  const keys = keysFromEnv(env, logger);
  await migrate(env.DATABASE_URL);
  const database = openDatabase(env.DATABASE_URL, { max: 2 });
  try {
    return await run({ env, db: database.db, keys });
  } finally {
    await database.close();
  }
}
