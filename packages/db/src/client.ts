import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { parseJsonExact } from '@ledgersync/unified';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/**
 * The app's database, whatever the driver: postgres.js on a server (`openDatabase`), or PGlite
 * in the embedded mode (`openPgliteDatabase`). Repositories see only this.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a repository can run a query on: the pool or an open transaction. */
export type Executor = Db | Tx;

/** json and jsonb (their type oids). */
const JSON_TYPES = [114, 3802] as const;

export interface Database {
  db: PostgresJsDatabase<typeof schema>;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size; the API and each worker process hold their own pool. */
  max?: number;
  /** Applied to every statement, so a stuck query cannot hold a request or a job forever. */
  statementTimeoutMs?: number;
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { statement_timeout: options.statementTimeoutMs ?? 15_000, application_name: 'ledgersync' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  // json and jsonb keep their numbers' digits (money in payloads); numeric stays a string, as the
  // driver has it.
  for (const oid of JSON_TYPES) sql.options.parsers[oid] = parseJsonExact;
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export interface PgliteDatabaseHandle {
  db: PgliteDatabase<typeof schema>;
  /** The embedded Postgres itself: one session, so one process may open its folder at a time. */
  client: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the app database on PGlite (Postgres compiled to WebAssembly, in this process), kept in
 * `dataDir`: the embedded mode, with no server to install. PGlite is loaded only here, so the
 * server mode never pays for it.
 */
export async function openPgliteDatabase(dataDir: string): Promise<PgliteDatabaseHandle> {
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  // As on a server: json and jsonb parsed keeping their numbers' digits; numeric is a string already.
  const client = await PGlite.create(dataDir, { parsers: Object.fromEntries(JSON_TYPES.map((oid) => [oid, parseJsonExact])) });
  const db = drizzlePglite(client, { schema, casing: 'snake_case' });
  return { db, client, close: () => client.close() };
}

/** The rows of a raw `db.execute`: postgres.js answers the rows themselves, PGlite an object holding them. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows?: Row[] }).rows ?? (result as Row[]);
}

/**
 * A statement built once per database handle and reused (drizzle's `.prepare()`): the worker runs
 * the same few statements for every job, and building them each time cost a sixth of its CPU.
 * A transaction is a handle of its own, so it builds its own copy.
 */
export function preparedPerHandle<Statement>(build: (db: Executor) => Statement): (db: Executor) => Statement {
  const built = new WeakMap<Executor, Statement>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}
