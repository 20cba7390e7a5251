import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConnectionLimiter, createRedisLimiter, WINDOW_WIDENING_MS } from './limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';
import { maxInAnyWindow } from './windows.js';

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

/** A job as the push processor runs it: ask, wait what it is told, ask again, then send. */
async function runJob(limiter: ConnectionLimiter, connectionId: string, jobId: string, policy: RatePolicy, sent: number[], holdMs = 0) {
  for (let asks = 0; asks < 1_000; asks++) {
    const admission = await limiter.admit(connectionId, jobId, policy);
    if (admission.admitted) {
      sent.push(Date.now());
      if (holdMs) await sleep(holdMs);
      await limiter.release(connectionId, jobId);
      return asks;
    }
    await sleep(admission.waitMs);
  }
  throw new Error('never admitted');
}

describe('the Redis connection limiter', () => {
  it('never lets more than the limit through in any window, across processes, each job delayed once', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('5/500ms')], leaseMs: 5_000 };
    const sent: number[] = [];
    const asks = await Promise.all(Array.from({ length: 20 }, (_, i) => runJob(i % 2 ? one : two, id, `job-${i}`, policy, sent)));
    expect(sent).toHaveLength(20);
    expect(maxInAnyWindow(sent, 500)).toBeLessThanOrEqual(5);
    // Throughput close to the limit: 20 at 5 per 500 ms is three windows after the first burst,
    // each widened by the limiter's safety margin.
    expect(Math.max(...sent) - Math.min(...sent)).toBeLessThan(3 * (500 + WINDOW_WIDENING_MS) + 150);
    // A job told to wait comes back to its own slot: one delay, not a loop.
    expect(Math.max(...asks)).toBeLessThanOrEqual(1);
  });

  it('honours every window at once (a short burst limit under a longer one)', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('3/200ms'), parseRateWindow('6/1s')], leaseMs: 5_000 };
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 9 }, (_, i) => runJob(one, id, `job-${i}`, policy, sent)));
    expect(maxInAnyWindow(sent, 200)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindow(sent, 1_000)).toBeLessThanOrEqual(6);
  });

  it('keeps a waiting job its slot, and gives a late one a new slot', async () => {
    const id = connection();
    const policy: RatePolicy = { windows: [parseRateWindow('1/300ms')], leaseMs: 5_000 };
    expect(await one.admit(id, 'first', policy)).toEqual({ admitted: true });
    const waiting = await one.admit(id, 'second', policy);
    expect(waiting).toMatchObject({ admitted: false, reason: 'rate' });
    const again = await two.admit(id, 'second', policy);
    // Asking again before the slot does not take another one further away.
    expect(again.admitted === false && again.waitMs).toBeLessThanOrEqual(waiting.admitted === false ? waiting.waitMs : 0);
    await sleep((waiting.admitted === false ? waiting.waitMs : 0) + 250);
    // Late past the grace: a fresh slot, after the one it missed.
    expect(await one.admit(id, 'second', policy)).toMatchObject({ admitted: false, reason: 'rate' });
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
