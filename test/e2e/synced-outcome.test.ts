import { claimAccounts, createWebhookEndpoint, getAccount, insertAccount, recordPushFailed, recordPushSynced, setWebhookEndpointActive } from '@ledgersync/db';
import * as schema from '@ledgersync/db/schema';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The push's outcome, synced or failed, is one statement (record, event, deliveries) through one
// function: what it writes, to whom, and in how many statements.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

/** A database handle that counts the statements it sends (drizzle's query log). */
function countingDb() {
  const client = postgres(h.databaseUrl, { max: 1, onnotice: () => {} });
  const counted = { statements: 0 };
  const db = drizzle(client, { schema, casing: 'snake_case', logger: { logQuery: () => counted.statements++ } });
  return { db, counted, close: () => client.end() };
}

const endpoint = (projectId: string, url: string, scope: ('accounting.account.created' | 'accounting.account.failed')[]) =>
  createWebhookEndpoint(h.db, h.cipher, { projectId, url, description: null, scope, secret: `whsec_${'a'.repeat(32)}` });

describe('recording a synced account', () => {
  it('stores the account, its event once, and a delivery for each active endpoint subscribed to it in its project only', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    const subscribed = await endpoint(t.projectId, 'https://a.example/hooks', ['accounting.account.created']);
    await endpoint(t.projectId, 'https://b.example/hooks', ['accounting.account.failed']);
    const inactive = await endpoint(t.projectId, 'https://c.example/hooks', ['accounting.account.created']);
    await setWebhookEndpointActive(h.db, t.projectId, inactive.id, false);

    const claimed = await insertAccount(h.db, scope, { name: 'Cash', account_number: '1000' }, []);
    const pushed = { remoteId: '42', remoteData: { Account: { Id: '42' } }, fields: { classification: 'Asset', name: 'ignored' } };

    const deliveryIds = await recordPushSynced(h.db, 'account', claimed, pushed);
    // The tenant's own endpoint (h.tenant subscribes one to created and failed) and `subscribed`.
    expect(deliveryIds).toHaveLength(2);
    const deliveries = await h.db.query.webhookDeliveries.findMany({ where: (d, { inArray }) => inArray(d.id, deliveryIds ?? []) });
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual([t.webhookId, subscribed.id].sort());
    expect(deliveries.every((d) => d.projectId === t.projectId && d.status === 'pending')).toBe(true);
    // Ids made by Postgres are UUIDv7, ordered by time like the ones made in JS.
    expect(deliveries.every((d) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/.test(d.id))).toBe(true);
    expect(other.projectId).not.toBe(t.projectId);

    const row = await getAccount(h.db, scope, claimed.id);
    // The caller's words stay; the provider fills what was left empty.
    expect(row).toMatchObject({ syncStatus: 'synced', remoteId: '42', name: 'Cash', classification: 'Asset', remoteData: { Account: { Id: '42' } } });

    // A second run (the job ran twice) finds the account finished and records nothing.
    expect(await recordPushSynced(h.db, 'account', claimed, pushed)).toBeNull();
    const events = await h.db.query.events.findMany({ where: (e, { eq }) => eq(e.recordId, claimed.id) });
    expect(events).toHaveLength(1);
  });

  it('costs one statement, synced or failed, each time it runs', async () => {
    const t = await h.tenant();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    const { db, counted, close } = countingDb();
    try {
      const [claimed] = await claimAccounts(h.db, [(await insertAccount(h.db, scope, { name: 'Cash' }, [])).id]);
      if (!claimed) throw new Error('not claimed');
      counted.statements = 0;
      expect(await recordPushSynced(db, 'account', claimed, { remoteId: '7', remoteData: {} })).toHaveLength(1);
      expect(counted.statements).toBe(1);

      const [failing] = await claimAccounts(h.db, [(await insertAccount(h.db, scope, { name: 'Refused' }, [])).id]);
      if (!failing) throw new Error('not claimed');
      counted.statements = 0;
      expect(await recordPushFailed(db, 'account', failing, { code: 'provider_rejected', message: 'no' })).toHaveLength(1);
      expect(counted.statements).toBe(1);
      // A second run: the same one statement, which finds the record finished and records nothing.
      counted.statements = 0;
      expect(await recordPushFailed(db, 'account', failing, { code: 'provider_rejected', message: 'no' })).toBeNull();
      expect(counted.statements).toBe(1);
    } finally {
      await close();
    }
  });
});

describe('recording a failed push', () => {
  it('stores the account failed, its event once per cycle, and a delivery for each active endpoint subscribed to failed', async () => {
    const t = await h.tenant();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    await endpoint(t.projectId, 'https://created-only.example/hooks', ['accounting.account.created']);
    const subscribed = await endpoint(t.projectId, 'https://failed.example/hooks', ['accounting.account.failed']);
    const [claimed] = await claimAccounts(h.db, [(await insertAccount(h.db, scope, { name: 'Refused' }, [])).id]);
    if (!claimed) throw new Error('not claimed');
    const error = { code: 'provider_rejected', message: 'Duplicate Name Exists Error', provider_code: '6240' };

    const deliveryIds = await recordPushFailed(h.db, 'account', claimed, error);
    const deliveries = await h.db.query.webhookDeliveries.findMany({ where: (d, { inArray }) => inArray(d.id, deliveryIds ?? []) });
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual([t.webhookId, subscribed.id].sort());
    expect(await getAccount(h.db, scope, claimed.id)).toMatchObject({ syncStatus: 'failed', lastError: error, syncAttempts: 1 });
    const [event] = await h.db.query.events.findMany({ where: (e, { eq }) => eq(e.recordId, claimed.id) });
    expect(event).toMatchObject({ type: 'accounting.account.failed', object: 'account', dedupeKey: `${claimed.id}:failed:1` });
    expect(event?.payload).toMatchObject({ id: claimed.id, sync: { status: 'failed', attempts: 1, last_error: error } });
  });
});
