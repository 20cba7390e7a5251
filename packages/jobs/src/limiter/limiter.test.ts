import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConnectionLimiter, createRedisLimiter, WINDOW_WIDENING_MS } from './limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';
import { maxInAnyWindowOfSpans, type RequestSpan } from './windows.js';

// The rules both limiters share are played on a clock by hand in limiter.contract.test.ts. Here,
// what only the Redis limiter does: share a connection's line and windows between processes, on
// Redis's clock in real time, keys expiring as they go, and hold back after Redis lost its data.

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `lst-limiter-${randomBytes(4).toString('hex')}`;
const clients = [new Redis(url), new Redis(url)];
// Two limiters on two connections: what two worker processes share is Redis, nothing else.
const [one, two] = clients.map((client) => createRedisLimiter(client, prefix)) as [ConnectionLimiter, ConnectionLimiter];

afterAll(async () => {
  const keys = await clients[0]?.keys(`${prefix}:*`);
  if (keys?.length) await clients[0]?.del(...keys);
  for (const client of clients) client.disconnect();
});

const connection = () => `conn-${randomBytes(4).toString('hex')}`;

/**
 * A job as the push processor runs it: ask, wait what it is told, ask again, then send (the request
 * taking `holdMs`) and release. Records the request's span; returns how many times it was told to wait.
 */
async function runJob(
  limiter: ConnectionLimiter,
  connectionId: string,
  jobId: string,
  policy: RatePolicy,
  sent: RequestSpan[],
  holdMs = 0,
) {
  for (let asks = 0; asks < 1_000; asks++) {
    const admission = await limiter.admit(connectionId, jobId, policy);
    if (admission.admitted) {
      const start = Date.now();
      if (holdMs) await sleep(holdMs);
      sent.push({ start, end: Date.now() });
      await limiter.release(connectionId, jobId);
      return asks;
    }
    await sleep(admission.waitMs);
  }
  throw new Error('never admitted');
}

describe('the Redis connection limiter', () => {
  it('never lets more than the limit through in any window, across processes, each job told its place', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('5/500ms')], leaseMs: 5_000 };
    const sent: RequestSpan[] = [];
    const asks = await Promise.all(Array.from({ length: 20 }, (_, i) => runJob(i % 2 ? one : two, id, `job-${i}`, policy, sent)));
    expect(sent).toHaveLength(20);
    expect(maxInAnyWindowOfSpans(sent, 500)).toBeLessThanOrEqual(5);
    // Throughput close to the limit: 20 at 5 per 500 ms is three windows after the first burst,
    // each widened by the limiter's margin (and here by the milliseconds each request takes).
    expect(Math.max(...sent.map((r) => r.start)) - Math.min(...sent.map((r) => r.start))).toBeLessThan(
      3 * (500 + WINDOW_WIDENING_MS) + 150,
    );
    // A job told to wait comes back to its own place: told once, and once more at most by the
    // milliseconds the requests before it took to end; not a loop.
    expect(Math.max(...asks)).toBeLessThanOrEqual(2);
  });

  it('honours every window at once (a short burst limit under a longer one)', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('3/200ms'), parseRateWindow('6/1s')], leaseMs: 5_000 };
    const sent: RequestSpan[] = [];
    await Promise.all(Array.from({ length: 9 }, (_, i) => runJob(one, id, `job-${i}`, policy, sent)));
    expect(maxInAnyWindowOfSpans(sent, 200)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindowOfSpans(sent, 1_000)).toBeLessThanOrEqual(6);
  });

  it('keeps a waiting job its place in line, however late it comes back, across processes', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('1/300ms')], leaseMs: 5_000 };
    expect(await one.admit(id, 'first', policy)).toEqual({ admitted: true });
    await one.release(id, 'first');
    const waiting = await one.admit(id, 'second', policy);
    expect(waiting).toMatchObject({ admitted: false, reason: 'rate' });
    const again = await two.admit(id, 'second', policy);
    // Asking again before its turn does not take another place further away.
    expect(again.admitted === false && again.waitMs).toBeLessThanOrEqual(waiting.admitted === false ? waiting.waitMs : 0);
    // A third job queues behind it.
    const third = await two.admit(id, 'third', policy);
    expect(third.admitted === false && third.waitMs).toBeGreaterThan(300);
    // Late by far more than a request takes: the window has room, so it goes now, in the other
    // process, rather than to the back of the line.
    await sleep((waiting.admitted === false ? waiting.waitMs : 0) + 250);
    expect(await two.admit(id, 'second', policy)).toEqual({ admitted: true });
    await two.release(id, 'second');
    const secondEnded = Date.now();
    // The third goes a period after the second's request ended, not at the place it was told first.
    const sent: RequestSpan[] = [];
    await runJob(one, id, 'third', policy, sent);
    expect((sent[0]?.start ?? 0) - secondEnded).toBeGreaterThanOrEqual(300);
  });

  it('counts a request from its end, however long it takes, across processes', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('3/300ms')], concurrency: 2, leaseMs: 5_000 };
    const sent: RequestSpan[] = [];
    await Promise.all(Array.from({ length: 9 }, (_, i) => runJob(i % 2 ? one : two, id, `job-${i}`, policy, sent, 120)));
    expect(sent).toHaveLength(9);
    // Wherever in its 120 ms the provider counted each request, it never saw more than 3 in 300 ms.
    expect(maxInAnyWindowOfSpans(sent, 300)).toBeLessThanOrEqual(3);
  });

  it("counts a dead worker's request until its lease lapses, and a period after", async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('1/200ms')], leaseMs: 300 };
    expect(await one.admit(id, 'dead', policy)).toEqual({ admitted: true });
    const started = Date.now();
    // Its worker never releases it: the other process is held back until the lease lapses and a
    // period has passed, not a period after it started.
    const sent: RequestSpan[] = [];
    await runJob(two, id, 'next', policy, sent);
    expect((sent[0]?.start ?? 0) - started).toBeGreaterThanOrEqual(300 + 200 - 5);
  });

  it("remembers a dead worker's request a period after its lease lapsed, however long nobody asks", async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('1/2s')], leaseMs: 200 };
    expect(await one.admit(id, 'dead', policy)).toEqual({ admitted: true });
    const started = Date.now();
    // Nobody asks for longer than the lease and a second: the in-flight record is still there when
    // the next job asks, and the dead request counts as ended when its lease lapsed.
    await sleep(1_400);
    const sent: RequestSpan[] = [];
    await runJob(two, id, 'next', policy, sent);
    expect((sent[0]?.start ?? 0) - started).toBeGreaterThanOrEqual(200 + 2_000 - 5);
  });

  it('holds the connection back when the provider says its quota is spent, unless its own requests fill a window', async () => {
    const full = connection();
    const shared = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('2/s')], leaseMs: 5_000 };
    // Its own two requests fill the window: that is what the provider counted, and the window holds
    // the next request back until the provider's has reset.
    for (const job of ['a', 'b']) expect(await one.admit(full, job, policy)).toEqual({ admitted: true });
    await one.release(full, 'a');
    await one.quotaSpent(full, 'b', 60_000);
    await one.release(full, 'b');
    const next = await two.admit(full, 'c', policy);
    expect(next.admitted === false && next.waitMs).toBeLessThanOrEqual(1_000 + WINDOW_WIDENING_MS);
    // One request of its own and the quota is spent: something else spends it too, so every
    // process holds the connection back for the pause.
    expect(await one.admit(shared, 'a', policy)).toEqual({ admitted: true });
    await one.quotaSpent(shared, 'a', 60_000);
    await one.release(shared, 'a');
    const held = await two.admit(shared, 'b', policy);
    expect(held.admitted === false && held.waitMs).toBeGreaterThan(59_000);
  });

  it("holds every connection of an app in every process when the app's quota is spent, on Redis's clock", async () => {
    const app = `app-${randomBytes(4).toString('hex')}`;
    const policy: RatePolicy = { windows: [parseRateWindow('100/s')], leaseMs: 5_000, app };
    await one.holdApp(app, 400);
    const started = Date.now();
    const sent: RequestSpan[] = [];
    // Another process, another connection of the same app: it waits for the hold, then goes.
    const asks = await runJob(two, connection(), 'job', policy, sent);
    expect(asks).toBe(1);
    expect((sent[0]?.start ?? 0) - started).toBeGreaterThanOrEqual(400 - 20);
    expect(await one.admit(connection(), 'other-app', { ...policy, app: `${app}-other` })).toEqual({ admitted: true });
    // The hold's key goes once it has passed.
    const key = `${prefix}:limiter:app:${app}:blocked`;
    await sleep(1_100);
    expect(await clients[0]?.exists(key)).toBe(0);
  });

  it("caps requests in flight across processes, and a dead worker's lease expires", async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [], concurrency: 2, leaseMs: 300 };
    expect(await one.admit(id, 'a', policy)).toEqual({ admitted: true });
    expect(await two.admit(id, 'b', policy)).toEqual({ admitted: true });
    expect(await one.admit(id, 'c', policy)).toMatchObject({ admitted: false, reason: 'concurrency' });
    await one.release(id, 'a');
    expect(await two.admit(id, 'c', policy)).toEqual({ admitted: true });
    // 'b' never releases (its worker died): after the lease, its place is free again.
    expect(await one.admit(id, 'd', policy)).toMatchObject({ admitted: false });
    await sleep(350);
    expect(await one.admit(id, 'd', policy)).toEqual({ admitted: true });
  });

  it('holds everyone back after a push-back (a 429), and only that connection', async () => {
    const id = connection();
    const other = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('100/s')], leaseMs: 5_000 };
    await two.pushBack(id, 400);
    const held = await one.admit(id, 'x', policy);
    expect(held).toMatchObject({ admitted: false, reason: 'rate' });
    expect(held.admitted === false && held.waitMs).toBeGreaterThan(300);
    expect(await one.admit(other, 'y', policy)).toEqual({ admitted: true });
    // A shorter push-back never shortens a longer one.
    await one.pushBack(id, 10);
    expect(await one.admit(id, 'z', policy)).toMatchObject({ admitted: false });
  });
});

describe('parseRateWindow', () => {
  it('reads LIMIT/PERIOD and refuses anything else', () => {
    expect(parseRateWindow('500/min')).toEqual({ limit: 500, periodMs: 60_000 });
    expect(parseRateWindow('20/5s')).toEqual({ limit: 20, periodMs: 5_000 });
    expect(parseRateWindow('5000/d')).toEqual({ limit: 5_000, periodMs: 86_400_000 });
    for (const bad of ['0/s', '20', 'x/s', '20/5y', '20/0s']) expect(() => parseRateWindow(bad)).toThrow(/not a rate|empty period/);
  });
});

describe('the Redis connection limiter after Redis loses its data', () => {
  // The loss of this suite's own keys (its prefix, epoch included) stands for a flushed Redis:
  // the machine's Redis is shared and is never flushed.
  async function loseData(lostPrefix: string) {
    const keys = await clients[0]?.keys(`${lostPrefix}:*`);
    if (keys?.length) await clients[0]?.del(...keys);
  }

  it('holds a connection with no record for one period, long windows half full; a new Redis slows nobody', async () => {
    const own = `lst-limiter-loss-${randomBytes(4).toString('hex')}`;
    const [first, second] = clients.map((client) => createRedisLimiter(client, own)) as [ConnectionLimiter, ConnectionLimiter];
    const minute: RatePolicy = { windows: [parseRateWindow('3/1s')], leaseMs: 5_000 };
    // A new install: a brand-new connection sends at once, up to its limit.
    const busy = connection();
    for (let i = 0; i < 3; i++) {
      expect(await first.admit(busy, `before-${i}`, minute)).toEqual({ admitted: true });
      await first.release(busy, `before-${i}`);
    }
    // The second process is running too (a process that starts after the loss asks Postgres instead).
    expect(await second.admit(connection(), 'warm-up', minute)).toEqual({ admitted: true });

    await loseData(own);
    // The busy connection, and one never seen, are both held until a period after the loss.
    const held = await second.admit(busy, 'after', minute);
    expect(held).toMatchObject({ admitted: false, reason: 'rate' });
    expect(await first.admit(connection(), 'other', minute)).toMatchObject({ admitted: false, reason: 'rate' });
    await sleep(held.admitted ? 0 : held.waitMs);
    expect(await second.admit(busy, 'after', minute)).toEqual({ admitted: true });
    await second.release(busy, 'after');

    // A window longer than an hour counts as half full: 2 of 4 are left, not 0 (a day's wait).
    const daily: RatePolicy = { windows: [parseRateWindow('4/d')], leaseMs: 5_000 };
    await loseData(own);
    const quota = connection();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const admission = await first.admit(quota, `day-${i}`, daily);
      answers.push(admission.admitted);
      if (admission.admitted) await first.release(quota, `day-${i}`);
    }
    expect(answers).toEqual([true, true, false]);

    // A worker starting after the loss, on a deployment with recent activity (Postgres says so),
    // holds too; on one without (a new install), it does not.
    await loseData(own);
    const late = createRedisLimiter(clients[1] as Redis, own, { recentActivity: async () => true });
    expect(await late.admit(connection(), 'late', minute)).toMatchObject({ admitted: false, reason: 'rate' });
    await loseData(own);
    const fresh = createRedisLimiter(clients[1] as Redis, own, { recentActivity: async () => false });
    expect(await fresh.admit(connection(), 'fresh', minute)).toEqual({ admitted: true });
    await loseData(own);
  });
});
