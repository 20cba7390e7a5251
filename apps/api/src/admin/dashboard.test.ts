import { randomBytes } from 'node:crypto';
import { listEventDeliveries, loadAccount } from '@ledgersync/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Harness, startHarness } from '../../../../test/support/harness.js';
import { waitFor } from '../../../../test/support/wait.js';
import { buildApp } from '../app.js';
import { ADMIN_CHALLENGE } from './auth.js';
import { adminRoutes } from './routes.js';

// The job dashboard as an operator uses it: behind the admin token, over the whole product
// (API, workers, provider fake, webhook receiver) on the machine's Postgres and Redis.
const adminToken = randomBytes(24).toString('base64url');
const bearer = { authorization: `Bearer ${adminToken}` };
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let h: Harness;
let app: FastifyInstance;
beforeAll(async () => {
  h = await startHarness({ pushAttempts: 2, webhookSchedule: [50] });
  // The API as app.ts builds it, with the admin routes wired as the report asks.
  const deps = {
    db: h.db,
    cipher: h.cipher,
    queues: h.queues,
    logger: h.context.logger,
    health: async () => ({ database: true, redis: true }),
  };
  app = await buildApp(deps);
  await app.register(adminRoutes({ ...deps, adminToken }), { prefix: '/admin' });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const syncStatus = async (id: string) => (await loadAccount(h.db, id))?.syncStatus;

describe('admin token', () => {
  it('answers 401 without a token, with the challenge a browser prompts on, in the API error envelope', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/queues' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(ADMIN_CHALLENGE);
    expect(response.json()).toEqual({
      statusCode: 401,
      error: 'unauthorized',
      message: expect.stringContaining('admin token'),
      request_id: expect.any(String),
    });
    expect(response.headers['x-request-id']).toBe(response.json().request_id);
  });

  it('answers 401 to a wrong token, Basic or Bearer', async () => {
    for (const headers of [basic('admin', 'not-the-token'), { authorization: 'Bearer not-the-token' }, basic('admin', `${adminToken}x`)]) {
      const response = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toBe('unauthorized');
    }
  });

  it('protects the dashboard page, its static assets and its JSON API alike', async () => {
    for (const url of [
      '/admin/queues',
      '/admin/queues/queue/push',
      '/admin/queues/static/favicon-32x32.png',
      '/admin/queues/api/queues',
    ]) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: bearer })).statusCode, url).toBe(200);
    }
    const retry = await app.inject({ method: 'PUT', url: '/admin/queues/api/queues/push/retry/failed' });
    expect(retry.statusCode).toBe(401);
  });

  it('serves the dashboard with HTTP Basic (any user name, the token as password) and with Bearer', async () => {
    const page = await app.inject({ method: 'GET', url: '/admin/queues', headers: basic('whoever', adminToken) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // The UI loads its assets and calls its API relative to the mount point.
    expect(page.body).toContain('<base href="/admin/queues/" />');
    const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer });
    expect(api.statusCode).toBe(200);
  });
});

describe('job dashboard', () => {
  it('lists every queue: pushes, webhook deliveries, maintenance', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer });
    const queues = response.json().queues as { name: string; displayName: string }[];
    expect(queues.map((q) => [q.name, q.displayName]).sort()).toEqual([
      ['maintenance', 'Maintenance'],
      ['push', 'Pushes'],
      ['webhooks', 'Webhook deliveries'],
    ]);
  });

  it('retries a failed push the way the API does: the account goes back to pending, then synced', async () => {
    const t = await h.tenant();
    // QuickBooks down for both attempts: the account fails for good.
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 503 }, { tenantId: t.realmId, times: 100 });
    const id = (await h.postAccount(t, { name: 'Dashboard Retry', type: 'Bank' })).json().id as string;
    await waitFor('the account to fail', async () => (await syncStatus(id)) === 'failed');
    const failedJobs = await app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues?activeQueue=push&status=failed',
      headers: bearer,
    });
    const accountsQueue = (failedJobs.json().queues as { name: string; jobs: { id: string }[] }[]).find((q) => q.name === 'push');
    expect(accountsQueue?.jobs.map((job) => job.id)).toContain(id);

    // QuickBooks is back; hold the workers so the pending state can be seen before the push.
    h.fakes.quickbooks.reset();
    await h.stopWorkers();
    onTestFinished(() => h.startWorkers().then(() => undefined));
    const retried = await app.inject({ method: 'PUT', url: `/admin/queues/api/queues/push/${id}/retry`, headers: bearer });
    expect(retried.statusCode).toBe(204);
    expect(await syncStatus(id)).toBe('pending');
    expect(await h.queues.push.getJobState(id)).toBe('waiting');

    await h.startWorkers();
    await waitFor('the retried account to sync', async () => (await syncStatus(id)) === 'synced');
    expect(h.fakes.quickbooks.accounts(t.realmId).filter((a) => a.Name === 'Dashboard Retry')).toHaveLength(1);

    // A synced account is not retried again: refused, as the API refuses it.
    await waitFor('the push job to complete', async () => (await h.queues.push.getJobState(id)) === 'completed');
    const again = await app.inject({ method: 'PUT', url: `/admin/queues/api/queues/push/${id}/retry`, headers: bearer });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('synced');
  });

  it('retries a failed webhook delivery as a replay: sent again with the same webhook-id', async () => {
    const t = await h.tenant(['accounting.account.created']);
    // Both delivery attempts refused: the delivery fails for good.
    h.receiver.answerNext(500, 500);
    const id = (await h.postAccount(t, { name: 'Dashboard Replay', type: 'Bank' })).json().id as string;
    const refused = await waitFor('the first delivery attempt', () => h.receiver.attempts.find((w) => w.json.data.id === id));
    const eventId = refused.json.id;
    const delivery = await waitFor('the delivery to fail', async () =>
      (await listEventDeliveries(h.db, eventId)).find((d) => d.status === 'failed'),
    );
    await waitFor('the delivery job to fail', async () => (await h.queues.webhooks.getJobState(delivery.id)) === 'failed');

    const retried = await app.inject({ method: 'PUT', url: `/admin/queues/api/queues/webhooks/${delivery.id}/retry`, headers: bearer });
    expect(retried.statusCode).toBe(204);
    const received = await waitFor('the replayed webhook', () => h.receiver.received.find((w) => w.json.data.id === id));
    expect(received.json.id).toBe(eventId);
    expect(received.headers['webhook-id']).toBe(eventId);
    await waitFor('the delivery to be delivered', async () =>
      (await listEventDeliveries(h.db, eventId)).find((d) => d.status === 'delivered'),
    );
  });
});
