import { randomBytes } from 'node:crypto';
import { migrate } from '@ledgersync/db';
import postgres from 'postgres';

/** The machine's Postgres (its admin database) and Redis; the same defaults as the test suites. */
export const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// Every database the run made and has not dropped yet, so an interrupted run can still clean up.
const created = new Set<string>();

async function admin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

/** A migrated template, built once per run; each scenario clones it, so none sees another's rows. */
export async function createTemplate(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `ledgersync_bench_tpl_${randomBytes(4).toString('hex')}`;
  await admin((sql) => sql.unsafe(`create database ${name}`));
  created.add(name);
  await migrate(databaseUrl(name));
  return { name, drop: () => dropDatabase(name) };
}

export async function cloneDatabase(template: string): Promise<string> {
  const name = `ledgersync_bench_${randomBytes(5).toString('hex')}`;
  await admin((sql) => sql.unsafe(`create database ${name} template ${template}`));
  created.add(name);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
  created.delete(name);
}

/** Drops whatever the run left (after an interruption). */
export async function dropLeftovers(): Promise<void> {
  for (const name of [...created]) await dropDatabase(name).catch(() => {});
}
