import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, spawnApi } from '../support/api-process.js';
import { type Harness, startHarness } from '../support/harness.js';
import { freePort, type OwnRedis, ownRedis } from '../support/own-redis.js';
import { waitFor } from '../support/wait.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

// Real API and worker processes started while their Redis (one of this test's own) is not running.
let h: Harness;
let redis: OwnRedis;
const started: (ApiProcess | WorkerProcess)[] = [];

beforeAll(async () => {
  redis = await ownRedis();
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await Promise.allSettled(started.map((process) => process.stop()));
  await redis?.kill();
  await h?.close();
});

const apiEnv = async (overrides: Record<string, string> = {}) => ({
  DATABASE_URL: h.databaseUrl,
  REDIS_URL: redis.url,
  QUEUE_PREFIX: h.prefix,
  LEDGERSYNC_ENCRYPTION_KEY: h.encryptionKey,
  PORT: String(await freePort()),
  LEDGERSYNC_DATA_DIR: `/tmp/ledgersync-redis-down-${h.prefix.slice(1, -1)}`,
  ...overrides,
});

describe('Redis unreachable at start-up', () => {
  it('the API starts, takes accounts (201), reports the queue on /readyz; the worker waits for Redis, then pushes them', async () => {
    const env = await apiEnv();
    const api = await spawnApi(env);
    started.push(api);
    expect(api.child.exitCode, api.lines.join('\n')).toBeNull();
    const url = `http://127.0.0.1:${env.PORT}`;

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok', redis: 'unreachable' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ database: true, queue: false, unreachable: ['queue'] });

    const t = await h.tenant();
    const created = await fetch(`${url}/accounting/accounts`, {
      method: 'POST',
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Cash', type: 'Bank' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // The worker cannot take jobs without Redis: it stays up and says it is waiting.
    const worker = await spawnWorker(h.workerEnv({ REDIS_URL: redis.url, SWEEP_INTERVAL_MS: '500', SWEEP_STALE_AFTER_MS: '0' }), { untilStarted: false });
    started.push(worker);
    await waitFor('the worker to say it waits for Redis', () => worker.lines.some((line) => line.includes('Redis is not reachable: waiting for it')));
    expect(worker.child.exitCode).toBeNull();
    expect(worker.lines.join('\n')).toContain('"setting":"REDIS_URL"');

    await redis.start();
    await waitFor('the worker to start', () => worker.lines.some((line) => line.includes('workers started')), 30_000);
    await waitFor('the account at the fake', () => h.fakes.quickbooks.accounts(t.realmId).length === 1, 30_000);
    await waitFor('the account synced', async () => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0]?.syncStatus === 'synced');
    await waitFor('/readyz to answer 200', async () => (await fetch(`${url}/readyz`)).status === 200);
    expect(api.child.exitCode).toBeNull();
  }, 90_000);

  it('with Postgres unreachable, the API exits naming DATABASE_URL and the address, never the password', async () => {
    const api = await spawnApi(await apiEnv({ DATABASE_URL: `postgres://postgres:hunter2secret@127.0.0.1:${await freePort()}/ledgersync` }));
    expect(await api.exited).toBe(1);
    const output = api.lines.join('\n');
    expect(output).toMatch(/DATABASE_URL points at 127\.0\.0\.1:\d+\/ledgersync, which is not reachable/);
    expect(output).not.toContain('hunter2secret');
  });
});
