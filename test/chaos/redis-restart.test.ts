import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { accounts } from '@ledgersync/db/schema';
import { createSweepProcessor } from '@ledgersync/worker';
import { count, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// A Redis of this test's own, so stopping it disturbs no other suite.
let redis: ChildProcess | undefined;
let port = 0;
let h: Harness;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port: chosen } = server.address() as { port: number };
  server.close();
  return chosen;
}

async function startRedis() {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor('redis to answer', async () => {
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } finally {
      probe.disconnect();
    }
  });
}

async function stopRedis() {
  const exited = redis ? once(redis, 'exit') : Promise.resolve();
  redis?.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  h = await startHarness({ workers: false, redisUrl: `redis://127.0.0.1:${port}` });
});
afterAll(async () => {
  await h?.close();
  await stopRedis();
});

const synced = async (connectionId: string) =>
  (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, connectionId)))[0]?.n;

describe('Redis lost with accounts pending', () => {
  it('pushes every account once Redis is back, through the sweeper', async () => {
    const t = await h.tenant();
    for (let i = 0; i < 30; i++) expect((await h.postAccount(t, { name: `Before ${i}`, type: 'Bank' })).statusCode).toBe(201);

    // Redis dies with every job in it (no persistence): the queue is empty when it comes back.
    await stopRedis();
    for (let i = 0; i < 10; i++) expect((await h.postAccount(t, { name: `During ${i}`, type: 'Bank' })).statusCode).toBe(201);
    await startRedis();
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
