import { randomBytes } from 'node:crypto';
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
