import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createQueues, createRedis } from '@ledgersync/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../../test/support/harness.js';
import { waitFor } from '../../../../test/support/wait.js';
import { createApiMetrics } from './api-metrics.js';

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

describe('API /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const scrape = async () => {
    const response = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  };
  const intake = (text: string, method: string, route: string, status: number) =>
    sample(text, 'ledgersync_intake_requests_total', { method, route, status_code: String(status) }) ?? 0;

  it('counts intake requests by route pattern and status code, never by raw URL', async () => {
    const t = await h.tenant();
    const before = await scrape();
    expect((await h.postAccount(t, { name: 'Counted', type: 'Bank' })).statusCode).toBe(201);
    expect((await h.postAccount(t, { name: 'Counted', type: 'Bank', colour: 'red' })).statusCode).toBe(400);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await h.getAccounts(t, `/${missing}`)).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/no/such/path' })).statusCode).toBe(404);
    const after = await scrape();

    expect(intake(after, 'POST', '/accounting/accounts', 201) - intake(before, 'POST', '/accounting/accounts', 201)).toBe(1);
    expect(intake(after, 'POST', '/accounting/accounts', 400) - intake(before, 'POST', '/accounting/accounts', 400)).toBe(1);
    expect(intake(after, 'GET', '/accounting/accounts/:id', 404) - intake(before, 'GET', '/accounting/accounts/:id', 404)).toBe(1);
    expect(intake(after, 'GET', 'unmatched', 404) - intake(before, 'GET', 'unmatched', 404)).toBe(1);
    // One series per route, whatever the ids in the URL.
    expect(after).not.toContain(missing);
    expect(after).not.toContain('/no/such/path');
  });

  it('moves when an account is pushed: intake here, the push and its webhook in the worker', async () => {
    const t = await h.tenant();
    // The earlier test's account is pushed and announced before this one is measured.
    await waitFor('the queues to drain', async () => {
      const counts = await Promise.all(
        [h.queues.push, h.queues.webhooks].map((queue) => queue.getJobCounts('waiting', 'delayed', 'active')),
      );
      return counts.every((c) => Object.values(c).every((count) => count === 0));
    });
    const worker = () => h.context.metrics?.registry.metrics() ?? Promise.resolve('');
    const apiBefore = await scrape();
    const workerBefore = await worker();
    const synced = (text: string) => sample(text, 'ledgersync_push_outcomes_total', { provider: 'quickbooks', outcome: 'synced' }) ?? 0;
    const delivered = (text: string) => sample(text, 'ledgersync_webhook_deliveries_total', { outcome: 'delivered' }) ?? 0;

    const created = await h.postAccount(t, { name: 'Scraped', type: 'Bank' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    await waitFor('the created webhook', () => h.receiver.received.find((w) => w.json.data.id === id));
    const workerAfter = await waitFor('the delivery to be counted', async () => {
      const text = await worker();
      return delivered(text) > delivered(workerBefore) ? text : undefined;
    });

    expect(intake(await scrape(), 'POST', '/accounting/accounts', 201) - intake(apiBefore, 'POST', '/accounting/accounts', 201)).toBe(1);
    expect(synced(workerAfter) - synced(workerBefore)).toBe(1);
    const count = (text: string, name: string) => sample(text, name, { provider: 'quickbooks' }) ?? 0;
    expect(count(workerAfter, 'ledgersync_push_attempts_total') - count(workerBefore, 'ledgersync_push_attempts_total')).toBe(1);
    expect(
      count(workerAfter, 'ledgersync_push_duration_seconds_count') - count(workerBefore, 'ledgersync_push_duration_seconds_count'),
    ).toBe(1);
    expect(
      count(workerAfter, 'ledgersync_intake_to_synced_seconds_count') - count(workerBefore, 'ledgersync_intake_to_synced_seconds_count'),
    ).toBe(1);
  });
});

describe('queue depths', () => {
  let h: Harness;
  beforeAll(async () => {
    // No workers: what is enqueued stays where it was put.
    h = await startHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reports waiting, delayed, active and failed jobs per queue, read at scrape time', async () => {
    const t = await h.tenant();
    for (const name of ['Waiting 1', 'Waiting 2']) expect((await h.postAccount(t, { name, type: 'Bank' })).statusCode).toBe(201);
    await h.queues.push.add('push', { object: 'account', id: 'later' }, { jobId: 'later', delay: 3_600_000 });

    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    const jobs = (queue: string, state: string) => sample(text, 'ledgersync_queue_jobs', { queue, state });
    expect(jobs('push', 'waiting')).toBe(2);
    expect(jobs('push', 'delayed')).toBe(1);
    expect(jobs('push', 'active')).toBe(0);
    expect(jobs('push', 'failed')).toBe(0);
    for (const queue of ['push', 'webhooks', 'maintenance']) {
      expect(sample(text, 'ledgersync_queue_up', { queue })).toBe(1);
      for (const state of ['waiting', 'delayed', 'active', 'failed']) expect(jobs(queue, state)).toBeTypeOf('number');
    }
  });
});

describe('queue depths with a Redis that does not answer', () => {
  // A server that accepts connections and never replies: the "slow Redis" a scrape must survive.
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  it('answers the scrape, reporting the queues unreachable rather than waiting for Redis', async () => {
    const { port } = silent.address() as AddressInfo;
    // The worker's kind of connection waits for Redis forever: only the scrape's timeout ends the wait.
    const redis = createRedis(`redis://127.0.0.1:${port}`, 'worker');
    const queues = createQueues(redis);
    const metrics = createApiMetrics(queues, { queueTimeoutMs: 100 });
    metrics.intakeRequests.inc({ method: 'GET', route: '/healthz', status_code: '200' });
    try {
      const text = await metrics.registry.metrics();
      for (const queue of ['push', 'webhooks', 'maintenance']) expect(sample(text, 'ledgersync_queue_up', { queue })).toBe(0);
      expect(sample(text, 'ledgersync_queue_jobs')).toBeUndefined();
      // The rest of the scrape is intact.
      expect(sample(text, 'ledgersync_intake_requests_total', { route: '/healthz' })).toBe(1);
    } finally {
      redis.disconnect();
      await queues.close();
    }
  });
});
