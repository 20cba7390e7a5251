import { randomBytes } from 'node:crypto';
import { migrate } from '@ledgersync/db';
import { Redis } from 'ioredis';
import { adminSql, databaseUrl, REDIS_URL } from './services.js';

/**
 * Once per run: checks that Postgres and Redis answer (with a message that says how to start
 * them), and builds a template database at the latest migration that every test file clones.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Test files read the name from the environment the workers inherit.
  const template = `ledgersync_template_${randomBytes(4).toString('hex')}`;
  process.env.LEDGERSYNC_TEST_TEMPLATE = template;
  const sql = adminSql();
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`Postgres is not reachable (${(error as Error).message}); start it, e.g. pg_ctlcluster <version> main start`);
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${REDIS_URL} (${(error as Error).message}); start it with redis-server --daemonize yes`);
  } finally {
    redis.disconnect();
  }
  try {
    await sql.unsafe(`create database ${template}`);
  } finally {
    await sql.end();
  }
  await migrate(databaseUrl(template));
  return async () => {
    const admin = adminSql();
    try {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
    } finally {
      await admin.end();
    }
  };
}
