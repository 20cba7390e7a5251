import { createWebhookEndpoint, getAccount, insertAccount, recordAccountSynced, setWebhookEndpointActive, syncedAccount, toAccountOutput } from '@ledgersync/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The push's outcome is one statement (account, event, deliveries): what it writes, and to whom.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

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
    const synced = syncedAccount(claimed, { remoteId: '42', remoteData: { Account: { Id: '42' } }, fields: { classification: 'Asset', name: 'ignored' } }, new Date());
    const event = { projectId: t.projectId, type: 'accounting.account.created' as const, dedupeKey: `${claimed.id}:created`, object: 'account' as const, recordId: claimed.id, payload: toAccountOutput(synced, true) };

    const deliveryIds = await recordAccountSynced(h.db, synced, event);
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
    expect(await recordAccountSynced(h.db, synced, event)).toBeNull();
    const events = await h.db.query.events.findMany({ where: (e, { eq }) => eq(e.recordId, claimed.id) });
    expect(events).toHaveLength(1);
  });
});
