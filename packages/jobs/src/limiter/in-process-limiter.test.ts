import { describe, expect, it } from 'vitest';
import { createInProcessLimiter } from './in-process-limiter.js';
import { WINDOW_WIDENING_MS } from './limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';
import { maxInAnyWindow } from './windows.js';

/** A clock the test moves by hand, so a minute of limiting runs in no time and never flakes. */
function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, set: (at: number) => (time = Math.max(time, at)), advance: (ms: number) => (time += ms) };
}

/**
 * Jobs as the push processor runs them (ask; wait what it is told; ask again; send), played in
 * time order on the manual clock. Returns each job's send time and how many times it was delayed.
 */
async function runJobs(jobs: number, policy: RatePolicy, connectionId = 'conn') {
  const clock = manualClock();
  const limiter = createInProcessLimiter({ now: clock.now });
  const pending = Array.from({ length: jobs }, (_, i) => ({ id: `job-${i}`, at: clock.now(), delays: 0 }));
  const sent: number[] = [];
  const delays: number[] = [];
  while (pending.length > 0) {
    pending.sort((a, b) => a.at - b.at);
    const job = pending.shift();
    if (!job) break;
    clock.set(job.at);
    const admission = await limiter.admit(connectionId, job.id, policy);
    if (admission.admitted) {
      sent.push(clock.now());
      delays.push(job.delays);
      await limiter.release(connectionId, job.id);
    } else pending.push({ ...job, at: clock.now() + admission.waitMs, delays: job.delays + 1 });
  }
  return { sent, delays };
}

describe('the in-process connection limiter', () => {
  it('never lets more than the limit through in any window, each job delayed once, at close to the limit', async () => {
    const { sent, delays } = await runJobs(20, { windows: [parseRateWindow('5/500ms')], leaseMs: 5_000 });
    expect(sent).toHaveLength(20);
    expect(maxInAnyWindow(sent, 500)).toBeLessThanOrEqual(5);
    // 20 at 5 per (widened) 500 ms: the first burst, then three more windows.
    expect(Math.max(...sent) - Math.min(...sent)).toBe(3 * (500 + WINDOW_WIDENING_MS));
    expect(Math.max(...delays)).toBeLessThanOrEqual(1);
  });

  it('honours every window at once (a short burst limit under a longer one)', async () => {
    const { sent } = await runJobs(9, { windows: [parseRateWindow('3/200ms'), parseRateWindow('6/1s')], leaseMs: 5_000 });
    expect(sent).toHaveLength(9);
    expect(maxInAnyWindow(sent, 200)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindow(sent, 1_000)).toBeLessThanOrEqual(6);
  });

  it('keeps a waiting job its slot, and gives a late one a new slot', async () => {
    const clock = manualClock();
    const limiter = createInProcessLimiter({ now: clock.now });
    const policy: RatePolicy = { windows: [parseRateWindow('1/300ms')], leaseMs: 5_000 };
    expect(await limiter.admit('c', 'first', policy)).toEqual({ admitted: true });
    const waiting = await limiter.admit('c', 'second', policy);
    expect(waiting).toEqual({ admitted: false, reason: 'rate', waitMs: 300 + WINDOW_WIDENING_MS });
    clock.advance(100);
    // Asking again before its slot: the same slot, not one further away.
    expect(await limiter.admit('c', 'second', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 200 + WINDOW_WIDENING_MS });
    // On time, it is let through even though a third job asked meanwhile.
    expect(await limiter.admit('c', 'third', policy)).toMatchObject({ admitted: false });
    clock.advance(200 + WINDOW_WIDENING_MS);
    expect(await limiter.admit('c', 'second', policy)).toEqual({ admitted: true });

    // A job that comes back well past its slot takes a new one, after the slots taken meanwhile.
    const late = await limiter.admit('c', 'late', policy);
    expect(late).toMatchObject({ admitted: false });
    clock.advance((late.admitted === false ? late.waitMs : 0) + 1_000);
    expect(await limiter.admit('c', 'late', policy)).toEqual({ admitted: true });
    expect(await limiter.admit('c', 'after', policy)).toMatchObject({ admitted: false, reason: 'rate' });
  });

  it("caps requests in flight, and a dead job's lease expires", async () => {
    const clock = manualClock();
    const limiter = createInProcessLimiter({ now: clock.now });
    const policy: RatePolicy = { windows: [], concurrency: 2, leaseMs: 300 };
    expect(await limiter.admit('c', 'a', policy)).toEqual({ admitted: true });
    expect(await limiter.admit('c', 'b', policy)).toEqual({ admitted: true });
    const full = await limiter.admit('c', 'c', policy);
    expect(full).toMatchObject({ admitted: false, reason: 'concurrency' });
    expect(full.admitted === false && full.waitMs).toBeGreaterThanOrEqual(150);
    await limiter.release('c', 'a');
    expect(await limiter.admit('c', 'c', policy)).toEqual({ admitted: true });
    // 'b' never releases (its job died): after the lease, its place is free again.
    expect(await limiter.admit('c', 'd', policy)).toMatchObject({ admitted: false, reason: 'concurrency' });
    clock.advance(301);
    expect(await limiter.admit('c', 'd', policy)).toEqual({ admitted: true });
  });

  it('gives a job told to wait for its slot no in-flight lease meanwhile', async () => {
    const clock = manualClock();
    const limiter = createInProcessLimiter({ now: clock.now });
    const policy: RatePolicy = { windows: [parseRateWindow('1/s')], concurrency: 1, leaseMs: 5_000 };
    expect(await limiter.admit('c', 'a', policy)).toEqual({ admitted: true });
    await limiter.release('c', 'a');
    expect(await limiter.admit('c', 'b', policy)).toMatchObject({ admitted: false, reason: 'rate' });
    // 'b' waits for its slot without holding the only lease: 'c' is refused by the rate, not by concurrency.
    expect(await limiter.admit('c', 'c', policy)).toMatchObject({ admitted: false, reason: 'rate' });
  });

  it('holds everyone back after a push-back (a 429), and only that connection', async () => {
    const clock = manualClock();
    const limiter = createInProcessLimiter({ now: clock.now });
    const policy: RatePolicy = { windows: [parseRateWindow('100/s')], leaseMs: 5_000 };
    await limiter.pushBack('c', 400);
    expect(await limiter.admit('c', 'x', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 400 });
    expect(await limiter.admit('other', 'y', policy)).toEqual({ admitted: true });
    // A shorter push-back never shortens a longer one.
    await limiter.pushBack('c', 10);
    expect(await limiter.admit('c', 'z', policy)).toMatchObject({ admitted: false, reason: 'rate' });
    clock.advance(400);
    expect(await limiter.admit('c', 'x', policy)).toEqual({ admitted: true });
  });
});
