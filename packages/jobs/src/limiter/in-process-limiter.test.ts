import { describe, expect, it } from 'vitest';
import { createInProcessLimiter } from './in-process-limiter.js';
import { WINDOW_WIDENING_MS } from './limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';
import { maxInAnyWindowOfSpans, type RequestSpan } from './windows.js';

/** A clock the test moves by hand, so a minute of limiting runs in no time and never flakes. */
function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, set: (at: number) => (time = Math.max(time, at)), advance: (ms: number) => (time += ms) };
}

function limiterOnManualClock() {
  const clock = manualClock();
  return { clock, limiter: createInProcessLimiter({ now: clock.now }) };
}

/**
 * Jobs as the push processor runs them (ask; wait what it is told; ask again; send for
 * `durationMs`; release), played in time order on the manual clock. Returns each request's send
 * and end times (in the order let through), how many times each job was delayed for the rate, and
 * how many times jobs found the connection full.
 */
async function runJobs(jobs: number, policy: RatePolicy, durationMs = 0, connectionId = 'conn') {
  const { clock, limiter } = limiterOnManualClock();
  type Step = { id: string; at: number; delays: number; ends?: true };
  let concurrencyWaits = 0;
  const steps: Step[] = Array.from({ length: jobs }, (_, i) => ({ id: `job-${i}`, at: clock.now(), delays: 0 }));
  const sent: RequestSpan[] = [];
  const delays: number[] = [];
  while (steps.length > 0) {
    // Ends first when they tie with asks: a request that ended is released before the next ask.
    steps.sort((a, b) => a.at - b.at || Number(Boolean(b.ends)) - Number(Boolean(a.ends)));
    const step = steps.shift();
    if (!step) break;
    clock.set(step.at);
    if (step.ends) {
      await limiter.release(connectionId, step.id);
      continue;
    }
    const admission = await limiter.admit(connectionId, step.id, policy);
    if (admission.admitted) {
      sent.push({ start: clock.now(), end: clock.now() + durationMs });
      delays.push(step.delays);
      steps.push({ id: step.id, at: clock.now() + durationMs, delays: step.delays, ends: true });
    } else if (admission.reason === 'concurrency') {
      concurrencyWaits++;
      steps.push({ ...step, at: clock.now() + admission.waitMs });
    } else steps.push({ ...step, at: clock.now() + admission.waitMs, delays: step.delays + 1 });
  }
  return { sent, delays, concurrencyWaits };
}

describe('the in-process connection limiter', () => {
  it('never lets more than the limit through in any window, each job delayed once, at close to the limit', async () => {
    const { sent, delays } = await runJobs(20, { windows: [parseRateWindow('5/500ms')], leaseMs: 5_000 });
    expect(sent).toHaveLength(20);
    expect(maxInAnyWindowOfSpans(sent, 500)).toBeLessThanOrEqual(5);
    // 20 at 5 per (widened) 500 ms: the first burst, then three more windows.
    expect(Math.max(...sent.map((s) => s.start)) - Math.min(...sent.map((s) => s.start))).toBe(3 * (500 + WINDOW_WIDENING_MS));
    expect(Math.max(...delays)).toBeLessThanOrEqual(1);
  });

  it('counts a request from its end, so a provider counting arrivals never sees more than the limit, however long requests take', async () => {
    for (const durationMs of [40, 300, 1_200]) {
      const { sent, delays } = await runJobs(30, { windows: [parseRateWindow('5/500ms')], concurrency: 3, leaseMs: 5_000 }, durationMs);
      expect(sent).toHaveLength(30);
      expect(maxInAnyWindowOfSpans(sent, 500)).toBeLessThanOrEqual(5);
      // No spinning: told its place, a job is told once more at most by what the requests before it took.
      if (durationMs === 40) expect(Math.max(...delays)).toBeLessThanOrEqual(2);
    }
  });

  it('honours every window at once (a short burst limit under a longer one)', async () => {
    const { sent } = await runJobs(9, { windows: [parseRateWindow('3/200ms'), parseRateWindow('6/1s')], leaseMs: 5_000 }, 30);
    expect(sent).toHaveLength(9);
    expect(maxInAnyWindowOfSpans(sent, 200)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindowOfSpans(sent, 1_000)).toBeLessThanOrEqual(6);
  });

  it('keeps a waiting job its place in line, however late it comes back', async () => {
    const { clock, limiter } = limiterOnManualClock();
    const policy: RatePolicy = { windows: [parseRateWindow('1/300ms')], leaseMs: 5_000 };
    expect(await limiter.admit('c', 'first', policy)).toEqual({ admitted: true });
    clock.advance(20);
    await limiter.release('c', 'first');
    // Counted from its end: the next request 300 ms (and the margin) after it.
    const waiting = await limiter.admit('c', 'second', policy);
    expect(waiting).toEqual({ admitted: false, reason: 'rate', waitMs: 300 + WINDOW_WIDENING_MS });
    clock.advance(100);
    // Asking again before its turn: the same place, not one further away.
    expect(await limiter.admit('c', 'second', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 200 + WINDOW_WIDENING_MS });
    // A third job queues behind it.
    expect(await limiter.admit('c', 'third', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 500 + 2 * WINDOW_WIDENING_MS });
    // Two seconds late: the window has room, so it goes now rather than to the back of the line.
    clock.advance(2_000);
    expect(await limiter.admit('c', 'second', policy)).toEqual({ admitted: true });
    await limiter.release('c', 'second');
    // The third, due long ago, now waits a period after the second's request, not before.
    expect(await limiter.admit('c', 'third', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 300 + WINDOW_WIDENING_MS });
  });

  it('tells jobs that come due together each their own time, not all the same', async () => {
    const { clock, limiter } = limiterOnManualClock();
    const policy: RatePolicy = { windows: [parseRateWindow('3/1s')], leaseMs: 5_000 };
    // Three requests that end 100 ms apart, and three jobs told to come back after them.
    for (const id of ['a', 'b', 'c']) expect(await limiter.admit('conn', id, policy)).toEqual({ admitted: true });
    for (const id of ['d', 'e', 'f']) expect(await limiter.admit('conn', id, policy)).toMatchObject({ admitted: false });
    for (const id of ['a', 'b', 'c']) {
      clock.advance(100);
      await limiter.release('conn', id);
    }
    // They come back when told, all at once, before the ends have aged out: each is given a time
    // of its own, one per end.
    clock.set(1_000_000 + 1_000 + WINDOW_WIDENING_MS);
    const waits = [];
    for (const id of ['d', 'e', 'f']) {
      const admission = await limiter.admit('conn', id, policy);
      waits.push(admission.admitted ? 0 : admission.waitMs);
    }
    expect(waits.toSorted((a, b) => a - b)).toEqual([100, 200, 300]);
    clock.advance(100);
    const first = ['d', 'e', 'f'][waits.indexOf(100)] as string;
    expect(await limiter.admit('conn', first, policy)).toEqual({ admitted: true });
  });

  it("caps requests in flight, and a dead job's lease expires", async () => {
    const { clock, limiter } = limiterOnManualClock();
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
    const { limiter } = limiterOnManualClock();
    const policy: RatePolicy = { windows: [parseRateWindow('1/s')], concurrency: 1, leaseMs: 5_000 };
    expect(await limiter.admit('c', 'a', policy)).toEqual({ admitted: true });
    await limiter.release('c', 'a');
    expect(await limiter.admit('c', 'b', policy)).toMatchObject({ admitted: false, reason: 'rate' });
    // 'b' waits for its slot without holding the only lease: 'c' is refused by the rate, not by concurrency.
    expect(await limiter.admit('c', 'c', policy)).toMatchObject({ admitted: false, reason: 'rate' });
  });

  it('counts the request of a job whose worker died until its lease lapses, and a period after', async () => {
    const { clock, limiter } = limiterOnManualClock();
    const policy: RatePolicy = { windows: [parseRateWindow('1/300ms')], leaseMs: 1_000 };
    expect(await limiter.admit('c', 'dead', policy)).toEqual({ admitted: true });
    for (const at of [0, 310, 990, 1_000 + 300 + WINDOW_WIDENING_MS - 1]) {
      clock.set(1_000_000 + at);
      expect(await limiter.admit('c', 'next', policy)).toMatchObject({ admitted: false, reason: 'rate' });
    }
    clock.advance(1);
    expect(await limiter.admit('c', 'next', policy)).toEqual({ admitted: true });
  });

  it('holds the connection back when the provider says its quota is spent, unless its own requests fill a window', async () => {
    const { limiter } = limiterOnManualClock();
    const policy: RatePolicy = { windows: [parseRateWindow('2/1s')], leaseMs: 5_000 };
    // Its own two requests fill the window: that is what the provider counted, and the window
    // holds the next request back until the provider's has reset.
    for (const id of ['a', 'b']) expect(await limiter.admit('full', id, policy)).toEqual({ admitted: true });
    await limiter.release('full', 'a');
    await limiter.quotaSpent('full', 'b', 60_000);
    await limiter.release('full', 'b');
    expect(await limiter.admit('full', 'c', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 1_000 + WINDOW_WIDENING_MS });
    // One request of its own, and the provider's quota is spent: something else spends it too.
    expect(await limiter.admit('shared', 'a', policy)).toEqual({ admitted: true });
    await limiter.quotaSpent('shared', 'a', 60_000);
    await limiter.release('shared', 'a');
    expect(await limiter.admit('shared', 'b', policy)).toEqual({ admitted: false, reason: 'rate', waitMs: 60_000 });
  });

  it('holds everyone back after a push-back (a 429), and only that connection', async () => {
    const { clock, limiter } = limiterOnManualClock();
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
