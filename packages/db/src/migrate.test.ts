import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';

const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `ledgersync_migrate_${randomBytes(4).toString('hex')}`;
// Each migration applied exactly once, however many processes raced to apply it.
const journal = JSON.parse(readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
const url = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();

afterAll(async () => {
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.end();
});

describe('migrate', () => {
  it('creates a missing database and migrates it, when the API and the worker start at the same time', async () => {
    await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public'`;
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['accounts', 'connections', 'webhook_deliveries']));
      const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied[0]?.n).toBe(journal.entries.length);
    } finally {
      await sql.end();
    }
  });
});
