import { accounts, webhookDeliveries, webhookEndpoints } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ pushAttempts: 3 });
});
afterAll(async () => {
  await h?.close();
});

const status = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0]?.syncStatus;

describe('POST /accounting/accounts/{id}/retry', () => {
  it('puts a failed account back to pending, and it is pushed', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 503 }, { tenantId: t.realmId, times: 3 });
    const id = (await h.postAccount(t, { name: 'Second Chance', type: 'Bank' })).json().id as string;
    await waitFor('the account to fail', async () => (await status(id)) === 'failed');

    const retried = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${id}/retry`,
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(retried.statusCode).toBe(202);
    expect(retried.json().sync.status).toBe('pending');
    await waitFor('the retried account to sync', async () => (await status(id)) === 'synced');
    const types = () => h.receiver.received.filter((w) => w.json.data.id === id).map((w) => w.json.type);
    await waitFor('both webhooks', () => types().length === 2);
    expect(types().sort()).toEqual(['accounting.account.created', 'accounting.account.failed']);

    const again = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${id}/retry`,
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('not_failed');
    const stranger = await h.tenant();
    const foreign = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${id}/retry`,
      headers: { 'x-api-key': stranger.apiKey, 'x-connection-token': stranger.connectionToken },
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('events', () => {
  it('lists the project events, shows every delivery attempt, and replays with the same webhook-id', async () => {
    const t = await h.tenant(['accounting.account.created']);
    h.receiver.answerNext(500);
    const id = (await h.postAccount(t, { name: 'Evented', type: 'Bank' })).json().id as string;
    const delivered = await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === id));
    const eventId = delivered.json.id;

    const list = await h.app.inject({ method: 'GET', url: '/events?type=accounting.account.created', headers: { 'x-api-key': t.apiKey } });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((e: { id: string }) => e.id)).toEqual([eventId]);

    const shown = await waitFor('both attempts recorded', async () => {
      const response = await h.app.inject({ method: 'GET', url: `/events/${eventId}`, headers: { 'x-api-key': t.apiKey } });
      const body = response.json();
      return body.deliveries?.[0]?.status === 'delivered' ? body : undefined;
    });
    expect(shown).toMatchObject({ id: eventId, type: 'accounting.account.created', account_id: id, data: { id } });
    expect(shown.deliveries[0].attempt_log.map((a: { status_code: number }) => a.status_code)).toEqual([500, 200]);

    const replay = await h.app.inject({ method: 'POST', url: `/events/${eventId}/replay`, headers: { 'x-api-key': t.apiKey } });
    expect(replay.statusCode).toBe(202);
    await waitFor('the replayed webhook', () => h.receiver.received.filter((w) => w.json.id === eventId).length === 2);
    const copies = h.receiver.received.filter((w) => w.json.id === eventId);
    expect(new Set(copies.map((w) => w.headers['webhook-id']))).toEqual(new Set([eventId]));

    const elsewhere = await h.tenant();
    const hidden = await h.app.inject({ method: 'GET', url: `/events/${eventId}`, headers: { 'x-api-key': elsewhere.apiKey } });
    expect(hidden.statusCode).toBe(404);
    const noEndpoint = await h.app.inject({
      method: 'POST',
      url: `/events/${eventId}/replay`,
      headers: { 'x-api-key': t.apiKey },
      payload: { endpoint_id: elsewhere.webhookId },
    });
    expect(noEndpoint.statusCode).toBe(422);
  });

  it('disables an endpoint that answers 410 Gone, and treats a redirect as a failure', async () => {
    const t = await h.tenant(['accounting.account.created']);
    h.receiver.answerNext(302, 410);
    const id = (await h.postAccount(t, { name: 'Gone', type: 'Bank' })).json().id as string;
    const endpoint = await waitFor('the endpoint to be disabled', async () => {
      const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.webhookId));
      return row?.active === false ? row : undefined;
    });
    expect(endpoint.active).toBe(false);
    const [delivery] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, t.webhookId));
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 410 });
    expect(h.receiver.attempts.filter((w) => w.json.data.id === id).map((w) => w.status)).toEqual([302, 410]);
  });
});
