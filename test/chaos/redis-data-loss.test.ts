import { setConnectionRateLimits } from '@ledgersync/db';
import { accounts } from '@ledgersync/db/schema';
import { maxInAnyWindow } from '@ledgersync/jobs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { freePort, type OwnRedis, ownRedis } from '../support/own-redis.js';
import { waitFor } from '../support/wait.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

// Redis loses its data under a running worker process: flushed, then killed and restarted empty
// (a Redis of this test's own, without persistence). The worker is never restarted.
let redis: OwnRedis;
let h: Harness;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  redis = await ownRedis();
  await redis.start();
  h = await startHarness({ workers: false, redisUrl: redis.url });
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
  await redis?.kill();
});

const LIMIT = { limit: 5, periodMs: 2_000 };
const SWEEP_INTERVAL_MS = 3_000;

describe('Redis loses its data with accounts pending', () => {
  it('rebuilds the schedule and the queue from Postgres, pushes every account, and keeps the connection within its limit', async () => {
    const t = await h.tenant();
    await setConnectionRateLimits(h.db, t.connectionId, { windows: [LIMIT] });
    const metricsPort = await freePort();
    worker = await spawnWorker(
      h.workerEnv({ REDIS_URL: redis.url, SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' }),
    );
    const pushed = () => h.fakes.quickbooks.accounts(t.realmId).length;
    const synced = async () =>
      (await h.db.select({ n: count() }).from(accounts).where(and(eq(accounts.connectionId, t.connectionId), eq(accounts.syncStatus, 'synced'))))[0]?.n ?? 0;
    const warnings = () => worker?.lines.filter((line) => line.includes('rebuilding the schedule and the queue from Postgres')).length ?? 0;

    // 30 accounts at 5 per 2 s: the first go at once, the others wait in Redis as delayed jobs.
    for (let i = 0; i < 30; i++) expect((await h.postAccount(t, { name: `Before flush ${i}`, type: 'Bank' })).statusCode).toBe(201);
    await waitFor('the first accounts at the fake', () => pushed() >= LIMIT.limit);
    expect(pushed()).toBeLessThan(30);
    await redis.flush();

    // Nothing restarts the worker: it notices and rebuilds, and the limiter does not burst.
    await waitFor('all 30 synced', async () => (await synced()) === 30, 60_000);
    expect(warnings()).toBe(1);
    expect(pushed()).toBe(30);

    // Redis dies; accounts taken meanwhile (201) are only in Postgres; it comes back empty.
    await redis.kill();
    for (let i = 0; i < 10; i++) expect((await h.postAccount(t, { name: `While down ${i}`, type: 'Bank' })).statusCode).toBe(201);
    await redis.start();
    await waitFor('all 40 synced', async () => (await synced()) === 40, 60_000);
    expect(warnings()).toBe(2);
    expect(pushed()).toBe(40);

    // The provider never saw more than the limit in any window, across both losses.
    const sends = h.fakes.quickbooks.requests.filter((r) => r.method === 'POST' && r.path.includes(`/company/${t.realmId}/account`));
    expect(maxInAnyWindow(sends.map((r) => r.at), LIMIT.periodMs)).toBeLessThanOrEqual(LIMIT.limit);
    expect(h.fakes.quickbooks.requests.filter((r) => r.status === 429)).toHaveLength(0);

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(Number(/^ledgersync_redis_data_lost_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(worker.child.exitCode).toBeNull();
  }, 150_000);
});
