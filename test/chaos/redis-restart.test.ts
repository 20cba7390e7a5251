import { accounts } from '@ledgersync/db/schema';
import { createSweepProcessor } from '@ledgersync/worker';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { type OwnRedis, ownRedis } from '../support/own-redis.js';
import { waitFor } from '../support/wait.js';

// A Redis of this test's own, so stopping it disturbs no other suite.
let redis: OwnRedis;
let h: Harness;

beforeAll(async () => {
  redis = await ownRedis();
  await redis.start();
  h = await startHarness({ workers: false, redisUrl: redis.url });
});
afterAll(async () => {
  await h?.close();
  await redis?.kill();
});

const synced = async (connectionId: string) =>
  (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, connectionId)))[0]?.n;

describe('Redis lost with accounts pending', () => {
  it('pushes every account once Redis is back, through the sweeper', async () => {
    const t = await h.tenant();
    for (let i = 0; i < 30; i++) expect((await h.postAccount(t, { name: `Before ${i}`, type: 'Bank' })).statusCode).toBe(201);

    // Redis dies with every job in it (no persistence): the queue is empty when it comes back.
    await redis.kill();
    for (let i = 0; i < 10; i++) expect((await h.postAccount(t, { name: `During ${i}`, type: 'Bank' })).statusCode).toBe(201);
    await redis.start();
    await waitFor('the API to reconnect', () => h.producer.status === 'ready');

    await h.startWorkers();
    const swept = await createSweepProcessor(h.context)();
    // The 30 jobs enqueued before the crash are gone. An enqueue in flight when Redis died may be
    // resent by ioredis on reconnect, so the sweeper re-enqueues the rest: between 30 and 40.
    expect(swept.accounts).toBeGreaterThanOrEqual(30);
    expect(swept.accounts).toBeLessThanOrEqual(40);
    await waitFor('all 40 pushed', () => h.fakes.quickbooks.accounts(t.realmId).length === 40, 30_000);
    await waitFor('all 40 rows synced', async () => {
      const rows = await h.db.select().from(accounts).where(eq(accounts.connectionId, t.connectionId));
      return rows.every((row) => row.syncStatus === 'synced');
    });
    expect(await synced(t.connectionId)).toBe(40);
  });
});
