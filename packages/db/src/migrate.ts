import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as runMigrations } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { openDatabase, type PgliteDatabaseHandle } from './client.js';

// src/ and dist/ are both one level below the package, so this finds the committed SQL either way.
const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 72_616_151;

export interface MigrateOptions {
  /**
   * Told how many committed migrations are pending (`done` 0) before they are applied, and again
   * once they all are (`done` = `total`); not called when the database is up to date. Drizzle
   * applies them in one transaction, so there is no step in between to report.
   */
  onProgress?: (done: number, total: number) => void;
}

/** Committed migrations newer than the last one the database records (drizzle's own rule). */
async function pendingCount(query: (text: string) => Promise<Record<string, unknown>[]>): Promise<number> {
  // drizzle's journal table is absent on a fresh database.
  const [journal] = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  const [last] = journal?.present ? await query('select max(created_at) as created_at from drizzle.__drizzle_migrations') : [];
  const lastApplied = last?.created_at == null ? -1 : Number(last.created_at);
  return readMigrationFiles({ migrationsFolder }).filter((migration) => migration.folderMillis > lastApplied).length;
}

/**
 * Brings the database to the latest committed migration. Creates the database first when the
 * server has none by that name (a fresh machine), and holds an advisory lock so an API and a
 * worker starting together do not both apply the same migration.
 */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<void> {
  await createDatabaseIfMissing(url);
  const { db, sql, close } = openDatabase(url, { max: 1, statementTimeoutMs: 0 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const total = await pendingCount((text) => sql.unsafe(text));
    if (total > 0) options.onProgress?.(0, total);
    await runMigrations(db, { migrationsFolder });
    if (total > 0) options.onProgress?.(total, total);
  } finally {
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await close();
  }
}

/**
 * Brings an embedded (PGlite) database to the latest committed migration: the same SQL files as
 * on a server. No lock: only the process that opened the folder can reach it.
 */
export async function migratePgliteDatabase(database: PgliteDatabaseHandle, options: MigrateOptions = {}): Promise<void> {
  const { migrate: runPgliteMigrations } = await import('drizzle-orm/pglite/migrator');
  const total = await pendingCount(async (text) => (await database.client.query<Record<string, unknown>>(text)).rows);
  if (total > 0) options.onProgress?.(0, total);
  await runPgliteMigrations(database.db, { migrationsFolder });
  if (total > 0) options.onProgress?.(total, total);
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await probe`select 1`;
    return;
  } catch (error) {
    // 3D000: invalid_catalog_name, i.e. the database does not exist yet.
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end({ timeout: 5 });
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = postgres(target.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another process (the API and the worker start together) created it between our probe and
    // now: Postgres says 42P04, or 23505 when both CREATE DATABASE statements ran at once.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}
