import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { adminSql, databaseUrl, TEMPLATE_DATABASE } from './services.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (a clone of the template), dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ledgersync_t_${randomBytes(6).toString('hex')}`;
  const sql = adminSql();
  try {
    await sql.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await sql.end();
  }
  return ownedDatabase(name);
}

/**
 * An empty database migrated only as far as `lastMigration` (a tag of packages/db/drizzle, such as
 * `0003_webhook_secret_rotation`): the schema a previous release left, for upgrade tests. The
 * committed migrations up to it are copied with a journal cut there, and drizzle applies them.
 */
export async function createDatabaseAt(lastMigration: string): Promise<TestDatabase> {
  const name = `ledgersync_u_${randomBytes(6).toString('hex')}`;
  const admin = adminSql();
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const source = fileURLToPath(new URL('../../packages/db/drizzle/', import.meta.url));
  const journal = JSON.parse(readFileSync(join(source, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === lastMigration);
  if (cut < 0) throw new Error(`no migration ${lastMigration}`);
  const folder = mkdtempSync(join(tmpdir(), 'ledgersync-previous-'));
  mkdirSync(join(folder, 'meta'));
  const entries = journal.entries.slice(0, cut + 1);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const { tag } of entries) copyFileSync(join(source, `${tag}.sql`), join(folder, `${tag}.sql`));
  const sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: folder });
  } finally {
    await sql.end();
    rmSync(folder, { recursive: true, force: true });
  }
  return ownedDatabase(name);
}

/** A database of the test's, dropped by `drop()`. */
function ownedDatabase(name: string): TestDatabase {
  return {
    url: databaseUrl(name),
    async drop() {
      const admin = adminSql();
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
