import { createApiKey, issueConnectionToken, migrate } from '@ledgersync/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseAt, type TestDatabase } from '../support/database.js';
import { type Harness, startHarness } from '../support/harness.js';

// The release before exact money kept balances as double precision (migrations up to 0003).
// Upgrading must keep every balance's value: the answer after is the one the API gave before.

let database: TestDatabase;
let h: Harness;
beforeAll(async () => {
  database = await createDatabaseAt('0003_webhook_secret_rotation');
  h = await startHarness({ database, workers: false });
});
afterAll(async () => {
  await h?.close();
});

// Doubles as the old column held them, including ones whose shortest text has 16-17 digits.
const BALANCES = [10000, 0.1, -2.5, 99999999999999.98, 9007199254740992, 1e21, 123.456, null];

describe('upgrading a database whose balances were doubles', () => {
  it('keeps every balance the API answered before', async () => {
    // The project and connection are written as that release stored them (raw SQL, its columns):
    // today's repositories know columns its schema does not have.
    const projectId = '01936000-0000-7000-8000-000000000001';
    const connectionId = '01936000-0000-7000-8000-000000000002';
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const ids: string[] = [];
    try {
      await sql`insert into projects (id, name) values (${projectId}, 'exact-money')`;
      await sql`insert into connections (id, project_id, provider, tenant_id, base_url, token_url, credentials)
                values (${connectionId}, ${projectId}, 'quickbooks', 'realm-1', 'http://127.0.0.1:9/quickbooks', 'http://127.0.0.1:9/token', 'not-decrypted')`;
      for (const [n, balance] of BALANCES.entries()) {
        const [row] = await sql`
          insert into accounts (id, project_id, connection_id, name, type, current_balance, sync_status, remote_id, remote_data)
          values (gen_random_uuid(), ${projectId}, ${connectionId}, ${`Old ${n}`}, 'Bank', ${balance}::float8,
                  ${n % 2 ? 'synced' : 'pending'}, ${n % 2 ? String(n) : null}, ${n % 2 ? sql.json({ Account: { Id: String(n), CurrentBalance: balance } }) : null})
          returning id`;
        ids.push(row?.id as string);
      }
      const [column] = await sql`select data_type from information_schema.columns where table_name = 'accounts' and column_name = 'current_balance'`;
      expect(column?.data_type).toBe('double precision');
    } finally {
      await sql.end();
    }

    await migrate(database.url);
    const t = {
      apiKey: (await createApiKey(h.db, projectId)).key,
      connectionToken: await issueConnectionToken(h.db, { id: connectionId, projectId }),
    };

    for (const [n, balance] of BALANCES.entries()) {
      const read = await h.getAccounts(t, `/${ids[n]}?remote_data=true`);
      expect(read.statusCode).toBe(200);
      const answered = /"current_balance":(null|-?[0-9.e+]+)/.exec(read.body)?.[1];
      // The same value as before (1e21 is now written out in full, as numeric has it).
      expect(answered === 'null' ? null : Number(answered), read.body).toBe(balance);
      if (balance !== null && !String(balance).includes('e')) expect(answered).toBe(String(balance));
      if (n % 2) expect(read.json().remote_data).toEqual({ Account: { Id: String(n), CurrentBalance: balance } });
    }
  });
});
