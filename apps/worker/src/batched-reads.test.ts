import { insertAccount, markAccountFailed } from '@ledgersync/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { createBatchedReads } from './batched-reads.js';

// Jobs that start together share statements; each must still get exactly its own row.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

describe('batched reads', () => {
  it('give each concurrent job its own account, connection and claim, and no claim on a finished account', async () => {
    const a = await h.tenant();
    const b = await h.tenant(undefined, 'xero');
    const rows = await Promise.all([
      insertAccount(h.db, { projectId: a.projectId, connectionId: a.connectionId }, { name: 'A1' }, []),
      insertAccount(h.db, { projectId: a.projectId, connectionId: a.connectionId }, { name: 'A2' }, []),
      insertAccount(h.db, { projectId: b.projectId, connectionId: b.connectionId }, { name: 'B1' }, []),
    ]);
    const finished = await insertAccount(h.db, { projectId: a.projectId, connectionId: a.connectionId }, { name: 'done' }, []);
    await markAccountFailed(h.db, finished.id, { code: 'provider_rejected', message: 'no' });
    const reads = createBatchedReads(h.context);

    const loaded = await Promise.all([
      ...rows.map((row) => reads.recordForPush('account', row.id)),
      reads.recordForPush('account', crypto.randomUUID()),
    ]);
    expect(loaded.map((entry) => entry?.record.name)).toEqual(['A1', 'A2', 'B1', undefined]);
    expect(loaded.map((entry) => entry?.connection.provider)).toEqual(['quickbooks', 'quickbooks', 'xero', undefined]);
    expect(loaded[2]?.connection.credentials.accessToken).toBe(b.accessToken);

    const claimed = await Promise.all([...rows.map((row) => reads.claim('account', row.id)), reads.claim('account', finished.id)]);
    expect(claimed.map((row) => row?.name)).toEqual(['A1', 'A2', 'B1', undefined]);
    expect(claimed.slice(0, 3).every((row) => row?.syncStatus === 'pushing' && row.syncAttempts === 1)).toBe(true);
  });
});
