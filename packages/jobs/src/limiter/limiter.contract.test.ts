import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessLimiter } from './in-process-limiter.js';
import {
  ABANDONED_AFTER_MS,
  type Admission,
  CONCURRENCY_WAIT_MS,
  type ConnectionLimiter,
  createRedisLimiter,
  WINDOW_WIDENING_MS,
} from './limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';
import { maxInAnyWindowOfSpans, type RequestSpan } from './windows.js';

// The same scenarios, with the same expected admissions, for the Redis limiter (what the workers
// share in production) and the in-process one (the embedded mode's twin): the twin must follow
// the Redis limiter's rules. Both run on a clock the test moves by hand, so a minute of limiting
// runs in no time and every wait is exact. What only one of them does is tested in its own file.

/** A time of today's order: the Redis limiter counts from its epoch (0 on a new install). */
const START = Date.UTC(2025, 0, 1);
const W = WINDOW_WIDENING_MS;

function manualClock() {
  let time = START;
  return { now: () => time, set: (at: number) => (time = Math.max(time, at)), advance: (ms: number) => (time += ms) };
}
type Clock = ReturnType<typeof manualClock>;

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `lst-limiter-contract-${randomBytes(4).toString('hex')}`;
const redis = new Redis(url);
let limiters = 0;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}-*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** A limiter of each kind, new for each scenario (the Redis one under keys of its own), on its clock. */
const IMPLEMENTATIONS: { name: string; create: (clock: Clock) => ConnectionLimiter }[] = [
  { name: 'the Redis limiter', create: (clock) => createRedisLimiter(redis, `${prefix}-${limiters++}`, { now: clock.now }) },
  { name: 'the in-process limiter', create: (clock) => createInProcessLimiter({ now: clock.now }) },
];

/** What an ask is answered: let through; told to wait for the rate this long; or for a free lease. */
type Expected = 'admitted' | { rate: number } | 'concurrency';

type Step =
  /** The clock moves to START + at (never back). */
  | { at: number }
  | { advance: number }
  | { admit: string; expect: Expected; on?: string; policy?: RatePolicy }
  | { release: string; on?: string }
  | { pushBack: number; on?: string }
  | { holdApp: string; ms: number }
  | { quotaSpent: string; pauseMs: number; on?: string }
  /** Whether a job whose id does not start with `prefix` waits in the connection's line. */
  | { othersWaiting: string; expect: boolean; on?: string };

interface Scenario {
  name: string;
  /** The policy of every ask that names none. */
  policy: RatePolicy;
  steps: Step[];
}

const policy = (windows: string[], more: Partial<RatePolicy> = {}): RatePolicy => ({
  windows: windows.map(parseRateWindow),
  leaseMs: 5_000,
  ...more,
});

function check(admission: Admission, expected: Expected, where: string): void {
  if (expected === 'admitted') expect(admission, where).toEqual({ admitted: true });
  else if (expected === 'concurrency') {
    expect(admission, where).toMatchObject({ admitted: false, reason: 'concurrency' });
    // Jittered, so the waiters do not all ask again in step.
    const waitMs = admission.admitted ? 0 : admission.waitMs;
    expect(waitMs, where).toBeGreaterThanOrEqual(CONCURRENCY_WAIT_MS);
    expect(waitMs, where).toBeLessThan(2 * CONCURRENCY_WAIT_MS);
  } else expect(admission, where).toEqual({ admitted: false, reason: 'rate', waitMs: expected.rate });
}

async function play(limiter: ConnectionLimiter, clock: Clock, scenario: Scenario): Promise<void> {
  for (const [index, step] of scenario.steps.entries()) {
    const connection = ('on' in step && step.on) || 'conn';
    if ('at' in step) clock.set(START + step.at);
    else if ('advance' in step) clock.advance(step.advance);
    else if ('admit' in step) {
      const where = `step ${index + 1}: ${step.admit} on ${connection} at +${clock.now() - START} ms`;
      check(await limiter.admit(connection, step.admit, step.policy ?? scenario.policy), step.expect, where);
    } else if ('release' in step) await limiter.release(connection, step.release);
    else if ('pushBack' in step) await limiter.pushBack(connection, step.pushBack);
    else if ('holdApp' in step) await limiter.holdApp(step.holdApp, step.ms);
    else if ('othersWaiting' in step) {
      const where = `step ${index + 1}: others than ${step.othersWaiting} waiting on ${connection}`;
      expect(await limiter.othersWaiting(connection, step.othersWaiting), where).toBe(step.expect);
    } else await limiter.quotaSpent(connection, step.quotaSpent, step.pauseMs);
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: 'tells a pull that a push waits (for the rate or for a lease), until it is let through or gives its place up',
    policy: policy(['2/1s'], { concurrency: 1 }),
    steps: [
      { othersWaiting: 'pull:', expect: false },
      { admit: 'pull:account', expect: 'admitted' },
      // The push waits for the pull's request in flight: the pull must not take the next slot.
      { admit: 'push-1', expect: 'concurrency' },
      { othersWaiting: 'pull:', expect: true },
      { othersWaiting: 'pull:', on: 'other', expect: false },
      { release: 'pull:account' },
      { admit: 'push-1', expect: 'admitted' },
      { othersWaiting: 'pull:', expect: false },
      { release: 'push-1' },
      // A push told to come back (the window is full) waits too.
      { admit: 'push-2', expect: { rate: 1_000 + W } },
      { othersWaiting: 'pull:', expect: true },
      { at: 1_000 + W },
      { admit: 'push-2', expect: 'admitted' },
      { release: 'push-2' },
      { admit: 'pull:account', expect: 'admitted' },
      { release: 'pull:account' },
      { admit: 'push-3', expect: { rate: 1_000 + W } },
      { othersWaiting: 'pull:', expect: true },
      // A place nobody came back for is abandoned: it no longer counts as waiting.
      { at: 2 * (1_000 + W) + ABANDONED_AFTER_MS + 1 },
      { othersWaiting: 'pull:', expect: false },
    ],
  },
  {
    name: 'a window fills, and the jobs after are each told the time there is room for them, in turn',
    policy: policy(['3/1s']),
    steps: [
      ...['a', 'b', 'c'].flatMap((id): Step[] => [{ admit: id, expect: 'admitted' }, { release: id }]),
      // Counted from their ends (now): three more a period later, the next one a period after those.
      { admit: 'd', expect: { rate: 1_000 + W } },
      { admit: 'e', expect: { rate: 1_000 + W } },
      { admit: 'f', expect: { rate: 1_000 + W } },
      { admit: 'g', expect: { rate: 2 * (1_000 + W) } },
      { at: 1_000 + W },
      { admit: 'd', expect: 'admitted' },
      { admit: 'e', expect: 'admitted' },
      { admit: 'f', expect: 'admitted' },
      { admit: 'g', expect: { rate: 1_000 + W } },
    ],
  },
  {
    name: 'honours every window at once (a short burst limit under a longer one)',
    policy: policy(['2/100ms', '3/1s']),
    steps: [
      ...['a', 'b'].flatMap((id): Step[] => [{ admit: id, expect: 'admitted' }, { release: id }]),
      { admit: 'c', expect: { rate: 100 + W } },
      { at: 100 + W },
      { admit: 'c', expect: 'admitted' },
      { release: 'c' },
      // The burst window has room again; the longer one holds three from its first request's end.
      { admit: 'd', expect: { rate: 1_000 - 100 } },
    ],
  },
  {
    name: 'counts a request from its end, however long it took',
    policy: policy(['1/1s']),
    steps: [{ admit: 'slow', expect: 'admitted' }, { advance: 500 }, { release: 'slow' }, { admit: 'next', expect: { rate: 1_000 + W } }],
  },
  {
    name: 'keeps a waiting job its place in line, however late it comes back',
    policy: policy(['1/300ms']),
    steps: [
      { admit: 'first', expect: 'admitted' },
      { advance: 20 },
      { release: 'first' },
      // Counted from its end: the next request 300 ms (and the margin) after it.
      { admit: 'second', expect: { rate: 300 + W } },
      { advance: 100 },
      // Asking again before its turn: the same place, not one further away.
      { admit: 'second', expect: { rate: 200 + W } },
      // A third job queues behind it.
      { admit: 'third', expect: { rate: 500 + 2 * W } },
      // Two seconds late: the window has room, so it goes now rather than to the back of the line.
      { advance: 2_000 },
      { admit: 'second', expect: 'admitted' },
      { release: 'second' },
      // The third, due long ago, now waits a period after the second's request, not before.
      { admit: 'third', expect: { rate: 300 + W } },
    ],
  },
  {
    name: 'tells jobs that come due together each their own time, not all the same',
    policy: policy(['3/1s']),
    steps: [
      // Three requests that end 100 ms apart, and three jobs told to come back after them.
      ...['a', 'b', 'c'].map((id): Step => ({ admit: id, expect: 'admitted' })),
      ...['d', 'e', 'f'].map((id): Step => ({ admit: id, expect: { rate: 1_000 + W } })),
      ...['a', 'b', 'c'].flatMap((id): Step[] => [{ advance: 100 }, { release: id }]),
      // They come back when told, all at once, before the ends have aged out: each is given a
      // time of its own, one per end.
      { at: 1_000 + W },
      { admit: 'd', expect: { rate: 100 } },
      { admit: 'e', expect: { rate: 200 } },
      { admit: 'f', expect: { rate: 300 } },
      { advance: 100 },
      { admit: 'd', expect: 'admitted' },
    ],
  },
  {
    name: 'gives up a place nobody came back for, a while after its time',
    policy: policy(['1/1s']),
    steps: [
      ...['x', 'y'].flatMap((on): Step[] => [
        { admit: 'a', on, expect: 'admitted' },
        { release: 'a', on },
        { admit: 'b', on, expect: { rate: 1_000 + W } },
      ]),
      // 'b' never comes back (its job was removed): until the place is given up, 'c' waits behind it.
      { at: 1_000 + W + ABANDONED_AFTER_MS - 1 },
      { admit: 'c', on: 'x', expect: { rate: 1_000 + W } },
      { advance: 1 },
      { admit: 'c', on: 'y', expect: 'admitted' },
    ],
  },
  {
    name: "caps requests in flight, and a dead job's lease expires",
    policy: policy([], { concurrency: 2, leaseMs: 300 }),
    steps: [
      { admit: 'a', expect: 'admitted' },
      { admit: 'b', expect: 'admitted' },
      { admit: 'c', expect: 'concurrency' },
      { release: 'a' },
      { admit: 'c', expect: 'admitted' },
      // 'b' never releases (its job died): after the lease, its place is free again.
      { admit: 'd', expect: 'concurrency' },
      { advance: 301 },
      { admit: 'd', expect: 'admitted' },
    ],
  },
  {
    name: 'gives a job told to wait for its slot no in-flight lease meanwhile',
    policy: policy(['1/s'], { concurrency: 1 }),
    steps: [
      { admit: 'a', expect: 'admitted' },
      { release: 'a' },
      { admit: 'b', expect: { rate: 1_000 + W } },
      // 'b' waits for its slot without holding the only lease: 'c' is refused by the rate, not by concurrency.
      { admit: 'c', expect: { rate: 2 * (1_000 + W) } },
    ],
  },
  {
    name: 'counts the request of a job whose worker died until its lease lapses, and a period after',
    policy: policy(['1/300ms'], { leaseMs: 1_000 }),
    steps: [
      { admit: 'dead', expect: 'admitted' },
      // Until the lease lapses, it could end any moment: each ask is told a period from then.
      { admit: 'next', expect: { rate: 300 + W } },
      { at: 310 },
      { admit: 'next', expect: { rate: 300 + W } },
      { at: 990 },
      { admit: 'next', expect: { rate: 300 + W } },
      // Lapsed at +1000: it ended by then, and counts a period after.
      { at: 1_000 + 300 + W - 1 },
      { admit: 'next', expect: { rate: 1 } },
      { advance: 1 },
      { admit: 'next', expect: 'admitted' },
    ],
  },
  {
    name: 'counts the earlier request of a job that asks again while it is in flight (its worker lost the job) as ended then',
    policy: policy(['2/1s']),
    steps: [
      { admit: 'lost', expect: 'admitted' },
      { advance: 100 },
      { admit: 'lost', expect: 'admitted' },
      // In the window: the first request (ended at +100) and the second, in flight.
      { admit: 'next', expect: { rate: 1_000 + W } },
    ],
  },
  {
    name: 'holds the connection back when the provider says its quota is spent, unless its own requests fill a window',
    policy: policy(['2/1s']),
    steps: [
      // Its own two requests fill the window: that is what the provider counted, and the window
      // holds the next request back until the provider's has reset.
      { admit: 'a', on: 'full', expect: 'admitted' },
      { admit: 'b', on: 'full', expect: 'admitted' },
      { release: 'a', on: 'full' },
      { quotaSpent: 'b', on: 'full', pauseMs: 60_000 },
      { release: 'b', on: 'full' },
      { admit: 'c', on: 'full', expect: { rate: 1_000 + W } },
      // One request of its own, and the provider's quota is spent: something else spends it too.
      { admit: 'a', on: 'shared', expect: 'admitted' },
      { quotaSpent: 'a', on: 'shared', pauseMs: 60_000 },
      { release: 'a', on: 'shared' },
      { admit: 'b', on: 'shared', expect: { rate: 60_000 } },
    ],
  },
  {
    name: 'holds everyone back after a push-back (a 429), and only that connection',
    policy: policy(['100/s']),
    steps: [
      { pushBack: 400, on: 'c' },
      { admit: 'x', on: 'c', expect: { rate: 400 } },
      { admit: 'y', on: 'other', expect: 'admitted' },
      // A shorter push-back never shortens a longer one.
      { pushBack: 10, on: 'c' },
      { admit: 'z', on: 'c', expect: { rate: 400 } },
      { advance: 400 },
      { admit: 'x', on: 'c', expect: 'admitted' },
    ],
  },
  {
    name: "holds every connection of an app while the app's quota is spent, and only that app's",
    policy: policy(['100/s'], { app: 'xero' }),
    steps: [
      { admit: 'a', on: 'first', expect: 'admitted' },
      { release: 'a', on: 'first' },
      // The answer to 'first's request said the app's calls are spent: every connection of the app waits.
      { holdApp: 'xero', ms: 5_000 },
      { admit: 'b', on: 'first', expect: { rate: 5_000 } },
      { admit: 'x', on: 'second', expect: { rate: 5_000 } },
      // Another app's connection, and one whose policy names no app, are not held.
      { admit: 'y', on: 'third', policy: policy(['100/s'], { app: 'quickbooks' }), expect: 'admitted' },
      { admit: 'z', on: 'fourth', policy: policy(['100/s']), expect: 'admitted' },
      // A shorter hold never shortens a longer one; a connection's own push-back adds to it.
      { holdApp: 'xero', ms: 10 },
      { pushBack: 6_000, on: 'second' },
      { advance: 1_000 },
      { admit: 'w', on: 'fifth', expect: { rate: 4_000 } },
      { advance: 4_000 },
      { admit: 'b', on: 'first', expect: 'admitted' },
      { admit: 'w', on: 'fifth', expect: 'admitted' },
      { admit: 'x', on: 'second', expect: { rate: 1_000 } },
    ],
  },
  {
    name: "keeps the places in line of an app's connections while it is held, each let through in turn after",
    policy: policy(['1/1s'], { app: 'xero' }),
    steps: [
      { holdApp: 'xero', ms: 2_000 },
      { admit: 'a', expect: { rate: 2_000 } },
      // Behind 'a' in line: a period after 'a's turn.
      { admit: 'b', expect: { rate: 3_000 + W } },
      { at: 2_000 },
      { admit: 'a', expect: 'admitted' },
      { release: 'a' },
      { at: 3_000 + W },
      { admit: 'b', expect: 'admitted' },
    ],
  },
  {
    name: "applies each connection's own policy (its override), and the one given at each ask",
    policy: policy(['1/s']),
    steps: [
      { admit: 'a', on: 'fast', policy: policy(['3/s']), expect: 'admitted' },
      { admit: 'b', on: 'fast', policy: policy(['3/s']), expect: 'admitted' },
      { admit: 'c', on: 'fast', policy: policy(['3/s']), expect: 'admitted' },
      { admit: 'd', on: 'fast', policy: policy(['3/s']), expect: { rate: 1_000 + W } },
      { admit: 'a', on: 'slow', expect: 'admitted' },
      { admit: 'b', on: 'slow', expect: { rate: 1_000 + W } },
      // The override is raised: a new job still queues behind the line ('b')...
      { admit: 'c', on: 'slow', policy: policy(['3/s']), expect: { rate: 1_000 + W } },
      // ...and when they come back, the raised limit holds: both go, with 'a' still in flight.
      { at: 1_000 + W },
      { admit: 'b', on: 'slow', policy: policy(['3/s']), expect: 'admitted' },
      { admit: 'c', on: 'slow', policy: policy(['3/s']), expect: 'admitted' },
    ],
  },
  {
    name: "judges a spent quota by the policy the job's request was let through under, when an override changed since",
    policy: policy(['2/1s']),
    steps: [
      { admit: 'a', expect: 'admitted' },
      { admit: 'b', expect: 'admitted' },
      { release: 'a' },
      // Raised while 'b' is in flight: 'c' goes under the new policy.
      { admit: 'c', policy: policy(['10/1s']), expect: 'admitted' },
      // Under 'b's policy, its own requests fill the window: nobody else spends the quota.
      { quotaSpent: 'b', pauseMs: 60_000 },
      { release: 'b' },
      { release: 'c' },
      { admit: 'd', policy: policy(['10/1s']), expect: 'admitted' },
    ],
  },
  {
    name: 'counts dead workers’ requests each from when its lease lapsed, when the lease was shortened since',
    policy: policy(['2/1s'], { leaseMs: 1_000 }),
    steps: [
      { admit: 'a', expect: 'admitted' },
      { advance: 10 },
      { admit: 'b', policy: policy(['2/1s'], { leaseMs: 300 }), expect: 'admitted' },
      // Neither is released (their workers died): 'b' lapsed at +310, 'a' at +1000.
      { at: 1_100 },
      { admit: 'c', policy: policy(['2/1s'], { leaseMs: 300 }), expect: { rate: 310 + 1_000 + W - 1_100 } },
    ],
  },
];

/**
 * Jobs as the push processor runs them (ask; wait what it is told; ask again; send for
 * `durationMs`; release), played in time order on the manual clock. Returns each request's send
 * and end times (in the order let through), and how many times each job was delayed for the rate.
 */
async function runJobs(limiter: ConnectionLimiter, clock: Clock, jobs: number, policy: RatePolicy, durationMs = 0) {
  type Step = { id: string; at: number; delays: number; ends?: true };
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
      await limiter.release('conn', step.id);
      continue;
    }
    const admission = await limiter.admit('conn', step.id, policy);
    if (admission.admitted) {
      sent.push({ start: clock.now(), end: clock.now() + durationMs });
      delays.push(step.delays);
      steps.push({ id: step.id, at: clock.now() + durationMs, delays: step.delays, ends: true });
    } else if (admission.reason === 'concurrency') steps.push({ ...step, at: clock.now() + admission.waitMs });
    else steps.push({ ...step, at: clock.now() + admission.waitMs, delays: step.delays + 1 });
  }
  return { sent, delays };
}

describe.each(IMPLEMENTATIONS.map(({ name, create }) => [name, create] as const))('%s (the limiter contract)', (_, create) => {
  const setUp = () => {
    const clock = manualClock();
    return { clock, limiter: create(clock) };
  };

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
    const { clock, limiter } = setUp();
    await play(limiter, clock, scenario);
  });

  it('never lets more than the limit through in any window, each job delayed once, at close to the limit', async () => {
    const { clock, limiter } = setUp();
    const { sent, delays } = await runJobs(limiter, clock, 20, policy(['5/500ms']));
    expect(sent).toHaveLength(20);
    expect(maxInAnyWindowOfSpans(sent, 500)).toBeLessThanOrEqual(5);
    // 20 at 5 per (widened) 500 ms: the first burst, then three more windows.
    expect(Math.max(...sent.map((s) => s.start)) - Math.min(...sent.map((s) => s.start))).toBe(3 * (500 + W));
    expect(Math.max(...delays)).toBeLessThanOrEqual(1);
  });

  it('counts a request from its end, so a provider counting arrivals never sees more than the limit, however long requests take', async () => {
    for (const durationMs of [40, 300, 1_200]) {
      const { clock, limiter } = setUp();
      const { sent, delays } = await runJobs(limiter, clock, 30, policy(['5/500ms'], { concurrency: 3 }), durationMs);
      expect(sent).toHaveLength(30);
      expect(maxInAnyWindowOfSpans(sent, 500)).toBeLessThanOrEqual(5);
      // No spinning: told its place, a job is told once more at most by what the requests before it took.
      if (durationMs === 40) expect(Math.max(...delays)).toBeLessThanOrEqual(2);
    }
  });

  it('honours every window at once, jobs after jobs (a short burst limit under a longer one)', async () => {
    const { clock, limiter } = setUp();
    const { sent } = await runJobs(limiter, clock, 9, policy(['3/200ms', '6/1s']), 30);
    expect(sent).toHaveLength(9);
    expect(maxInAnyWindowOfSpans(sent, 200)).toBeLessThanOrEqual(3);
    expect(maxInAnyWindowOfSpans(sent, 1_000)).toBeLessThanOrEqual(6);
  });
});
