import { deliveryAttempts, webhookDeliveries, webhookEndpoints } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("Panora's webhook endpoints API", () => {
  it('creates an endpoint with a whsec_ secret shown once, and encrypts it at rest', async () => {
    const { apiKey } = await h.project();
    const created = await h.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: { 'x-api-key': apiKey },
      payload: { url: 'https://example.com/hooks', description: 'books', scope: ['accounting.account.created'] },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      id_webhook_endpoint: expect.any(String),
      endpoint_description: 'books',
      url: 'https://example.com/hooks',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      active: true,
      scope: ['accounting.account.created'],
      id_project: expect.any(String),
      created_at: expect.any(String),
      last_update: expect.any(String),
    });
    const [stored] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id_webhook_endpoint));
    expect(stored?.secret).not.toContain(body.secret.slice(6));
    expect(h.cipher.decrypt(stored?.secret ?? '')).toBe(body.secret);

    const listed = await h.app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': apiKey } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toHaveLength(1);
    expect(listed.json()[0].secret).not.toBe(body.secret);
    expect(listed.body).not.toContain(body.secret.slice(6, 20));
  });

  it('refuses unknown event types and non-http URLs, naming the field', async () => {
    const { apiKey } = await h.project();
    for (const payload of [
      { url: 'https://example.com', scope: ['connection.created'] },
      { url: 'ftp://example.com', scope: ['accounting.account.created'] },
      { url: 'https://example.com', scope: [] },
    ]) {
      const response = await h.app.inject({ method: 'POST', url: '/webhooks', headers: { 'x-api-key': apiKey }, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].field).toMatch(/^(scope|url)/);
    }
  });

  it('deactivates with PUT (no more deliveries) and deletes with DELETE', async () => {
    const t = await h.tenant(['accounting.account.created']);
    const off = await h.app.inject({ method: 'PUT', url: `/webhooks/${t.webhookId}`, headers: { 'x-api-key': t.apiKey }, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);

    const account = await h.postAccount(t, { name: 'Quiet', type: 'Bank' });
    const id = account.json().id as string;
    await waitFor('the account to sync', async () => {
      const read = await h.getAccounts(t, `/${id}`);
      return read.json().sync.status === 'synced';
    });
    const deliveries = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, t.webhookId));
    expect(deliveries).toHaveLength(0);

    const deleted = await h.app.inject({ method: 'DELETE', url: `/webhooks/${t.webhookId}`, headers: { 'x-api-key': t.apiKey } });
    expect(deleted.statusCode).toBe(200);
    const again = await h.app.inject({ method: 'DELETE', url: `/webhooks/${t.webhookId}`, headers: { 'x-api-key': t.apiKey } });
    expect(again.statusCode).toBe(404);
  });
});

describe('webhook delivery', () => {
  it('retries an endpoint that fails, with the same webhook-id, and logs every attempt', async () => {
    const t = await h.tenant(['accounting.account.created']);
    h.receiver.answerNext(500, 503);
    const account = await h.postAccount(t, { name: 'Retried', type: 'Bank' });
    const id = account.json().id as string;
    const delivered = await waitFor('the delivery to succeed', () => h.receiver.received.find((w) => w.json.data.id === id));
    const tries = h.receiver.attempts.filter((w) => w.json.data.id === id);
    expect(tries.map((w) => w.status)).toEqual([500, 503, 200]);
    expect(new Set(tries.map((w) => w.headers['webhook-id']))).toEqual(new Set([delivered.headers['webhook-id']]));

    // The endpoint answers before the worker records the attempt: wait for the record.
    const delivery = await waitFor('the delivery to be recorded', async () => {
      const [row] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, t.webhookId));
      return row?.status === 'delivered' ? row : undefined;
    });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    const logged = await h.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, delivery.id));
    expect(logged.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(logged[0]?.responseExcerpt).toBe('try again');
  });
});
