import { randomBytes } from 'node:crypto';
import { buildApp } from '@ledgersync/api';
import { createWebhookEndpoint, recordEvent } from '@ledgersync/db';
import { deliveryAttempts, webhookDeliveries, webhookEndpoints } from '@ledgersync/db/schema';
import { enqueueDeliveries } from '@ledgersync/jobs';
import { count, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// Webhook egress as production runs it (WEBHOOK_ALLOW_PRIVATE_TARGETS=false) against a receiver on
// 127.0.0.1 — what an SSRF would reach — and as development runs it (true), where it is delivered.
let strict: Harness;
let open: Harness;
beforeAll(async () => {
  [strict, open] = await Promise.all([startHarness({ settings: { WEBHOOK_ALLOW_PRIVATE_TARGETS: false } }), startHarness()]);
});
afterAll(async () => {
  await Promise.all([strict?.close(), open?.close()]);
});

/** The API as production builds it: private webhook targets refused. */
const productionApi = (h: Harness) =>
  buildApp({
    db: h.db,
    cipher: h.cipher,
    queues: h.queues,
    logger: pino({ level: 'silent' }),
    health: async () => ({ database: true, redis: true }),
    allowPrivateWebhookTargets: false,
  });

/** An endpoint stored as it is (registered before the setting changed, or a name whose DNS changed since), and one event sent to it. */
async function deliverTo(h: Harness, url: string) {
  const { projectId } = await h.project();
  const endpoint = await createWebhookEndpoint(h.db, h.cipher, {
    projectId,
    url,
    description: null,
    scope: ['connection.invalid'],
    secret: 'whsec_c2VjcmV0',
  });
  const event = await recordEvent(h.db, {
    projectId,
    type: 'connection.invalid',
    dedupeKey: `egress-${randomBytes(6).toString('hex')}`,
    object: null,
    recordId: null,
    payload: { id: 'conn', reason: 'test' },
  });
  await enqueueDeliveries(h.queues, event?.deliveryIds ?? []);
  return { endpointId: endpoint.id, eventId: event?.eventId ?? '' };
}

const firstAttempt = (h: Harness, endpointId: string) =>
  waitFor('the first delivery attempt', async () => {
    const [delivery] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
    if (!delivery) return undefined;
    const [attempt] = await h.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, delivery.id));
    return attempt;
  });

describe('webhook registration', () => {
  it('refuses private targets written as literal IPs or localhost, naming the url, and stores nothing', async () => {
    const app = await productionApi(strict);
    try {
      const { projectId, apiKey } = await strict.project();
      for (const url of [
        strict.receiver.url,
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:127.0.0.1]:8080/hooks',
        'http://10.0.0.7/hooks',
        'http://100.64.1.1/hooks',
        'http://[fd00::1]/hooks',
        'http://0x7f.1/hooks',
        'http://localhost:3000/hooks',
      ]) {
        const response = await app.inject({
          method: 'POST',
          url: '/webhooks',
          headers: { 'x-api-key': apiKey },
          payload: { url, scope: ['accounting.account.created'] },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.json()).toMatchObject({ error: 'invalid_request', details: [{ field: 'url', code: 'private_target' }] });
      }
      const [stored] = await strict.db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.projectId, projectId));
      expect(stored?.n).toBe(0);

      // A name is accepted: what it resolves to is checked at every connection (below).
      const named = await app.inject({
        method: 'POST',
        url: '/webhooks',
        headers: { 'x-api-key': apiKey },
        payload: { url: 'https://hooks.example.com/x', scope: ['accounting.account.created'] },
      });
      expect(named.statusCode).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('accepts them when private targets are allowed (development)', async () => {
    const { apiKey } = await open.project();
    const response = await open.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: { 'x-api-key': apiKey },
      payload: { url: open.receiver.url, scope: ['accounting.account.created'] },
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('webhook delivery', () => {
  it('refuses at connect time a name that resolves to 127.0.0.1, and never reaches the receiver', async () => {
    const { endpointId, eventId } = await deliverTo(strict, strict.receiver.url.replace('127.0.0.1', 'localhost'));
    const attempt = await firstAttempt(strict, endpointId);
    expect(attempt).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/),
    });
    expect(strict.receiver.attempts.filter((w) => w.headers['webhook-id'] === eventId)).toEqual([]);
  });

  it('refuses a stored literal private address without connecting', async () => {
    const { endpointId, eventId } = await deliverTo(strict, strict.receiver.url);
    const attempt = await firstAttempt(strict, endpointId);
    expect(attempt?.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(strict.receiver.attempts.filter((w) => w.headers['webhook-id'] === eventId)).toEqual([]);
  });

  it('delivers to the same receiver when private targets are allowed', async () => {
    const { endpointId, eventId } = await deliverTo(open, open.receiver.url.replace('127.0.0.1', 'localhost'));
    const attempt = await firstAttempt(open, endpointId);
    expect(attempt).toMatchObject({ statusCode: 200, error: null });
    expect(open.receiver.received.filter((w) => w.headers['webhook-id'] === eventId)).toHaveLength(1);
  });
});
