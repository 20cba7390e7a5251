import { loadConnection } from '@ledgersync/db';
import { accounts, connections } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// The worker against a provider that misbehaves: each test causes the fault it covers.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function create(t: { apiKey: string; connectionToken: string }, payload: object) {
  const response = await h.postAccount(t, payload);
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

const settled = (id: string) =>
  waitFor(`account ${id} to settle`, async () => {
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    return row && (row.syncStatus === 'synced' || row.syncStatus === 'failed') ? row : undefined;
  });

describe('pushing through provider faults', () => {
  it('retries a 500 with the same requestid and ends synced', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 500 }, { tenantId: t.realmId, times: 2 });
    const id = await create(t, { name: 'Flaky', type: 'Bank' });
    const row = await settled(id);
    expect(row).toMatchObject({ syncStatus: 'synced', syncAttempts: 3 });
    // Each re-send looks the account up first (a lookup answered 500 is retried like a create),
    // then sends the create with the round's requestid.
    const realm = h.fakes.quickbooks.requests.filter((r) => r.path.includes(`/company/${t.realmId}/`));
    expect(realm.map((r) => `${r.method} ${r.path.endsWith('/query') ? 'query' : 'account'} ${r.status}`)).toEqual([
      'POST account 500',
      'GET query 500',
      'GET query 200',
      'POST account 200',
    ]);
    expect(realm.filter((r) => r.method === 'POST').every((r) => r.query.requestid === id)).toBe(true);
    expect(h.fakes.quickbooks.accounts(t.realmId).filter((a) => a.Name === 'Flaky')).toHaveLength(1);
  });

  it('creates one account when QuickBooks did the create but the answer was lost', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'commit-then-reset' }, { tenantId: t.realmId });
    const id = await create(t, { name: 'Lost Answer', type: 'Bank' });
    const row = await settled(id);
    expect(row.syncStatus).toBe('synced');
    const atProvider = h.fakes.quickbooks.accounts(t.realmId).filter((a) => a.Name === 'Lost Answer');
    expect(atProvider).toHaveLength(1);
    expect(row.remoteId).toBe(atProvider[0]?.Id);
    // Exactly one created event reached the customer.
    await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.receiver.received.filter((w) => w.json.data.id === id && w.json.type === 'accounting.account.created')).toHaveLength(1);
  });

  it('adopts the account a lost create made when QuickBooks does not replay the requestid, as reported for name lists', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.configureRealm(t.realmId, { nameListRequestIds: 'ignore' });
    h.fakes.quickbooks.injectFault({ kind: 'commit-then-reset' }, { tenantId: t.realmId });
    const id = await create(t, { name: 'Lost Without Replay', type: 'Bank', account_number: '1010' });
    const row = await settled(id);
    const atProvider = h.fakes.quickbooks.accounts(t.realmId);
    expect(atProvider.map((a) => a.Name)).toEqual(['Lost Without Replay']);
    expect(row).toMatchObject({ syncStatus: 'synced', remoteId: atProvider[0]?.Id, lastError: null, syncAttempts: 2 });
    // The re-send found it by name and sent no second create (which would have answered 6240).
    const posts = h.fakes.quickbooks.requests.filter((r) => r.method === 'POST' && r.path.includes(`/company/${t.realmId}/`));
    expect(posts.map((r) => r.status)).toEqual([0]);
  });

  it('adopts it in a retry round too, whose new requestid QuickBooks has never seen', async () => {
    const t = await h.tenant();
    // The create is made but its answer lost, then QuickBooks is down for every attempt left.
    h.fakes.quickbooks.injectFault({ kind: 'commit-then-reset' }, { tenantId: t.realmId });
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 503 }, { tenantId: t.realmId, times: 7 });
    const id = await create(t, { name: 'Lost Then Retried', type: 'Bank' });
    expect(await settled(id)).toMatchObject({ syncStatus: 'failed', syncAttempts: 8, lastError: { code: 'provider_unavailable' } });

    const retry = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${id}/retry`,
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(retry.statusCode).toBe(202);
    const row = await settled(id);
    const atProvider = h.fakes.quickbooks.accounts(t.realmId);
    expect(atProvider.map((a) => a.Name)).toEqual(['Lost Then Retried']);
    expect(row).toMatchObject({ syncStatus: 'synced', remoteId: atProvider[0]?.Id, lastError: null });
  });

  it('refreshes an expired access token once and stores the new one encrypted', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.expireAccessTokens(t.realmId);
    const id = await create(t, { name: 'After Refresh', type: 'Bank' });
    expect((await settled(id)).syncStatus).toBe('synced');
    const connection = await loadConnection(h.db, h.cipher, t.connectionId);
    expect(connection?.credentials.accessToken).not.toBe(t.accessToken);
    const [stored] = await h.db.select().from(connections).where(eq(connections.id, t.connectionId));
    expect(stored?.credentials).not.toContain(connection?.credentials.accessToken ?? 'x');
    expect(h.fakes.quickbooks.requests.filter((r) => r.path.endsWith('/tokens/bearer'))).not.toHaveLength(0);
  });

  it('marks the connection invalid and fails the account when the refresh is refused', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.expireAccessTokens(t.realmId);
    h.fakes.quickbooks.revokeRefreshTokens(t.realmId);
    const id = await create(t, { name: 'Revoked', type: 'Bank' });
    const row = await settled(id);
    expect(row.syncStatus).toBe('failed');
    expect(row.lastError).toMatchObject({ code: 'connection_invalid' });
    const [connection] = await h.db.select().from(connections).where(eq(connections.id, t.connectionId));
    expect(connection?.status).toBe('invalid');
    // Further accounts for that connection are refused at intake with a clear error.
    const refused = await h.postAccount(t, { name: 'Next', type: 'Bank' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe('connection_invalid');
  });

  it('gives up after the last attempt with the last error, and says so by webhook', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 503 }, { tenantId: t.realmId, times: 100 });
    const id = await create(t, { name: 'Never', type: 'Bank' });
    const row = await settled(id);
    expect(row).toMatchObject({ syncStatus: 'failed', syncAttempts: 8, lastError: { code: 'provider_unavailable' } });
    await waitFor('the failed webhook', () => h.receiver.received.find((w) => w.json.data.id === id && w.json.type === 'accounting.account.failed'));
    h.fakes.quickbooks.reset();
  });
});

// A sub-account waiting for its parent is covered per provider in providers.test.ts.
describe('a provider record already linked', () => {
  it('fails for good, naming the record, when the provider answers with an id another account of the connection holds', async () => {
    const t = await h.tenant();
    // An account of this connection already holds QuickBooks Id 1 (a realm hands out 1 first).
    const holder = await create(t, { name: 'Holder', type: 'Bank' });
    await settled(holder);
    await h.db.update(accounts).set({ remoteId: '1' }).where(eq(accounts.id, holder));
    h.fakes.quickbooks.reset();

    const id = await create(t, { name: 'Second', type: 'Bank' });
    const row = await settled(id);
    expect(row).toMatchObject({ syncStatus: 'failed', remoteId: null, syncAttempts: 1 });
    expect(row.lastError).toMatchObject({ code: 'remote_id_taken' });
    expect(row.lastError?.message).toContain('account 1');
    const [kept] = await h.db.select().from(accounts).where(eq(accounts.id, holder));
    expect(kept?.remoteId).toBe('1');
  });
});

describe('sub-accounts', () => {
  it('fails a child whose parent failed, naming the parent', async () => {
    const t = await h.tenant();
    await create(t, { name: 'Taken', type: 'Bank' });
    await waitFor('first to sync', () => h.fakes.quickbooks.accounts(t.realmId).find((a) => a.Name === 'Taken'));
    await h.stopWorkers();
    const parent = await create(t, { name: 'Taken', type: 'Bank' });
    const child = await create(t, { name: 'Orphan', type: 'Bank', parent_account: parent });
    await h.startWorkers();
    expect((await settled(parent)).syncStatus).toBe('failed');
    const childRow = await settled(child);
    expect(childRow.syncStatus).toBe('failed');
    expect(childRow.lastError).toMatchObject({ code: 'parent_failed', message: expect.stringContaining(parent) });
  });
});
