import { randomUUID } from 'node:crypto';
import { getAccount, RECORDS, revokeApiKey } from '@ledgersync/db';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { createLookups } from './lookups.js';
import { createRecordIntake } from './routes/records/intake-batch.js';

// The intake's batched reads and writes, against the real Postgres and Redis: requests that
// arrive together share statements, and must still each get exactly their own answer.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

const account = (name: string) => ({ name, classification: 'Asset' as const, type: 'Current Asset' as const, account_number: name });

describe('batched lookups', () => {
  it('give each concurrent request its own caller and connection, and nothing of another project', async () => {
    const lookups = createLookups(h.db);
    const a = await h.tenant();
    const b = await h.tenant();
    const [callerA, callerB, unknown, connectionA, connectionB, crossed] = await Promise.all([
      lookups.caller(a.apiKey),
      lookups.caller(b.apiKey),
      lookups.caller(`${a.apiKey.slice(0, -1)}${a.apiKey.endsWith('x') ? 'y' : 'x'}`),
      lookups.connection(a.projectId, a.connectionToken),
      lookups.connection(b.projectId, b.connectionToken),
      // B's token presented with A's key: treated as unknown, even in the same batch as B's own use.
      lookups.connection(a.projectId, b.connectionToken),
    ]);
    expect(callerA?.projectId).toBe(a.projectId);
    expect(callerB?.projectId).toBe(b.projectId);
    expect(unknown).toBeNull();
    expect(connectionA?.id).toBe(a.connectionId);
    expect(connectionB?.id).toBe(b.connectionId);
    expect(crossed).toBeNull();
  });

  it('keep nothing between batches: a revoked key is refused by the next request', async () => {
    const lookups = createLookups(h.db);
    const a = await h.tenant();
    expect(await lookups.caller(a.apiKey)).not.toBeNull();
    await revokeApiKey(h.db, a.projectId, a.apiKey.split('_').slice(0, 2).join('_'));
    expect(await lookups.caller(a.apiKey)).toBeNull();
  });
});

describe('batched intake', () => {
  it('stores concurrent accounts in one go, each answered with its own committed row and its push enqueued', async () => {
    const intake = createRecordIntake({ db: h.db, queues: h.queues, logger: pino({ level: 'silent' }) }, 'account', RECORDS.account);
    const a = await h.tenant();
    const scope = { projectId: a.projectId, connectionId: a.connectionId };
    const names = Array.from({ length: 40 }, (_, i) => `batched-${i}`);
    const rows = await Promise.all(names.map((name) => intake.store({ scope, record: account(name), warnings: [] })));
    expect(rows.map((row) => row.name)).toEqual(names);
    expect(new Set(rows.map((row) => row.id)).size).toBe(names.length);
    for (const row of rows) {
      const stored = await getAccount(h.db, scope, row.id);
      expect(stored).toMatchObject({ name: row.name, syncStatus: 'pending', createdAt: row.createdAt });
      expect(await h.queues.push.getJobState(row.id)).toBe('waiting');
    }
  });

  it('fails only the request whose row the database refuses, and stores the others', async () => {
    const intake = createRecordIntake({ db: h.db, queues: h.queues, logger: pino({ level: 'silent' }) }, 'account', RECORDS.account);
    const a = await h.tenant();
    const scope = { projectId: a.projectId, connectionId: a.connectionId };
    const orphan = { projectId: a.projectId, connectionId: randomUUID() };
    const results = await Promise.allSettled([
      intake.store({ scope, record: account('kept-1'), warnings: [] }),
      intake.store({ scope: orphan, record: account('refused'), warnings: [] }),
      intake.store({ scope, record: account('kept-2'), warnings: [] }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    for (const result of results) {
      if (result.status === 'fulfilled') expect(await getAccount(h.db, scope, result.value.id)).toBeDefined();
    }
  });
});
