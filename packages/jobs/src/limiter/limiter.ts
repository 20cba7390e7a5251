import type { Redis } from 'ioredis';
import { epochKey, epochStarter, type RecentActivity } from '../epoch.js';
import type { RatePolicy } from './policy.js';
import { LIMITER_SCRIPTS } from './scripts.js';

/** Where a job stands with the connection's limiter. */
export type Admission =
  /** Send now: the job holds an in-flight lease until {@link ConnectionLimiter.release}. */
  | { admitted: true }
  /** Come back in `waitMs`: the job keeps its place in the connection's line meanwhile. */
  | { admitted: false; waitMs: number; reason: 'rate' | 'concurrency' };

/**
 * The per-connection limiter every worker process shares. A small interface, so the embedded
 * single-process mode can put an in-memory one behind it.
 */
export interface ConnectionLimiter {
  /** Lets the job send now, or tells it when to come back (holding its place); see {@link Admission}. */
  admit(connectionId: string, jobId: string, policy: RatePolicy): Promise<Admission>;
  /**
   * After the request, whatever its outcome: gives back the in-flight lease and counts the request
   * in every window from now, when it has certainly reached the provider.
   */
  release(connectionId: string, jobId: string): Promise<void>;
  /** The provider refused a request (429): nobody sends for `delayMs`. */
  pushBack(connectionId: string, delayMs: number): Promise<void>;
  /**
   * The provider says the app's own quota, which every connection of the app spends (Xero's
   * 10,000 calls a minute across all tenants), is spent: no connection whose policy names `app`
   * sends for `delayMs`, in any process. Like a push-back, a shorter hold never cuts a longer one short.
   */
  holdApp(app: string, delayMs: number): Promise<void>;
  /**
   * The answer to the job's request said the provider's quota is spent (remaining 0), and that it
   * may take up to `pauseMs` to come back. When this connection's own requests fill one of its
   * windows, that is what the provider counted, and the window already holds the next request
   * back until the provider's must have reset: nothing more to do. Otherwise something else spends
   * the quota too, and nobody sends for `pauseMs`. Call it before {@link ConnectionLimiter.release}.
   */
  quotaSpent(connectionId: string, jobId: string, pauseMs: number): Promise<void>;
  /**
   * Whether a job whose id does not start with `prefix` holds a place in the connection's line
   * (told to come back, or waiting for a request in flight to end), not abandoned. A pull (job ids
   * `pull:...`) asks before each of its requests and yields while a push waits: so a push waits
   * behind a pull for one request at most.
   */
  othersWaiting(connectionId: string, prefix: string): Promise<boolean>;
}

/**
 * How much longer than the provider's each window is kept. A request is counted from its end
 * (when {@link ConnectionLimiter.release} is called), which is after the provider received it, and
 * the next one is let through only after that plus the period: so the provider, however it counts
 * arrivals, never sees more than the limit in a window, and this margin only covers the clocks'
 * millisecond rounding.
 */
export const WINDOW_WIDENING_MS = 10;

/**
 * After Redis lost its data, a connection with no record of its last requests counts each window
 * as spent until one period from the loss: up to an hour, as full; longer (a daily quota), as half
 * full, so a connection is not stopped for a day, and a daily quota is rarely near its end.
 */
export const FULL_AFTER_LOSS_UP_TO_MS = 3_600_000;

/**
 * A place in line nobody came back for within this long after its time is given up (the job was
 * removed, or its worker lost it): the jobs behind no longer wait for it. A job that does come back
 * later simply asks as a new one.
 */
export const ABANDONED_AFTER_MS = 60_000;

// Everything a connection's limiter keeps (in Redis under the connection's keys; in memory for the
// embedded mode):
// - blocked: nobody sends before this (a 429's push-back);
// - the app's blocked, one per app for every connection of it (its policy's `app`): nobody of the
//   app sends before this (the app's quota is spent);
// - line: the jobs waiting for their turn, each at the time it was told to come back, in order;
// - leases: the requests in flight, each until its lease lapses (a dead worker's comes back);
// - ends: when the last requests ended, oldest first, as many as the largest limit.
// A job is let through when its time has come (however late it comes back) and, in every window,
// the requests that ended within the period plus those in flight are fewer than the limit: counted
// from their ends, so the provider never sees more, wherever it counts them. A new job is told the
// time at which that will hold after every job ahead of it in line has gone, each at its time, and
// the requests in flight ending now; one whose time has come but finds no room (the requests before
// it ended later than foreseen) is told the first time no one else has been. So a job is delayed
// once, and once more at most, and a place is never lost: only what was sent counts.
// The Redis limiter's scripts are in lua/ (put together by scripts.ts); the embedded mode's twin
// is in-process-limiter.ts. limiter.contract.test.ts holds both to the same admissions.

type LimiterRedis = Redis & {
  ledgersyncAdmit(...args: (string | number)[]): Promise<[number, number]>;
  ledgersyncRelease(...args: (string | number)[]): Promise<number>;
  ledgersyncPushBack(...args: (string | number)[]): Promise<number>;
  ledgersyncQuotaSpent(...args: (string | number)[]): Promise<number>;
};

/** How long a job waits before asking again for an in-flight lease when the connection is full. */
export const CONCURRENCY_WAIT_MS = 150;

/** The wait told to a job that found the connection full: jittered, so waiters do not ask in step. */
export function concurrencyWait(): Admission {
  return { admitted: false, waitMs: CONCURRENCY_WAIT_MS + Math.floor(Math.random() * CONCURRENCY_WAIT_MS), reason: 'concurrency' };
}

/** How long a connection's request ends must be kept for its policy's windows. */
function keepEndsMs(policy: RatePolicy): number {
  return Math.max(0, ...policy.windows.map((w) => w.periodMs + WINDOW_WIDENING_MS)) + policy.leaseMs;
}

/**
 * The Redis limiter: atomic scripts over keys that share one hash tag per connection, so a
 * Redis Cluster keeps each connection's keys on one node.
 */
export interface RedisLimiterOptions {
  /**
   * Whether requests may have been sent recently, asked once when this Redis has no epoch yet (a
   * new install, or Redis lost its data while no process was counting). Default: no.
   */
  recentActivity?: RecentActivity;
  /**
   * The clock (ms) the scripts count with. Default: Redis's own time, so the workers' clocks never
   * matter. Tests drive one by hand, to hold this limiter and the in-process one to the same answers.
   */
  now?: () => number;
}

export function createRedisLimiter(redis: Redis, prefix: string, options: RedisLimiterOptions = {}): ConnectionLimiter {
  // Once per client: ioredis sends each by EVALSHA, and the script itself only when Redis lacks it.
  if (!('ledgersyncAdmit' in redis)) {
    redis.defineCommand('ledgersyncAdmit', LIMITER_SCRIPTS.admit);
    redis.defineCommand('ledgersyncRelease', LIMITER_SCRIPTS.release);
    redis.defineCommand('ledgersyncPushBack', LIMITER_SCRIPTS.pushBack);
    redis.defineCommand('ledgersyncQuotaSpent', LIMITER_SCRIPTS.quotaSpent);
  }
  const client = redis as LimiterRedis;
  // Each script's first argument: 0 for Redis's time (see lua/now.lua).
  const clock = options.now ?? (() => 0);
  const key = (connectionId: string, part: string) => `${prefix}:limiter:{${connectionId}}:${part}`;
  // Read by every connection's admit: like the epoch key, it shares the connections' slot through
  // the prefix's hash tag ({ledgersync} by default), not a tag of its own.
  const appKey = (app: string) => `${prefix}:limiter:app:${app}:blocked`;
  // The policy each request in flight from this process was let through under, until released.
  const inFlight = new Map<string, RatePolicy>();
  const requestKey = (connectionId: string, jobId: string) => `${connectionId}\u0000${jobId}`;
  const begin = epochStarter(redis, prefix, options.recentActivity ?? (async () => false));

  return {
    async admit(connectionId, jobId, policy) {
      await begin();
      const [time, now] = await client.ledgersyncAdmit(
        key(connectionId, 'blocked'),
        key(connectionId, 'line'),
        key(connectionId, 'leases'),
        key(connectionId, 'ends'),
        epochKey(prefix),
        // A policy without an app: the connection's own hold read twice, which changes nothing.
        policy.app === undefined ? key(connectionId, 'blocked') : appKey(policy.app),
        clock(),
        jobId,
        policy.concurrency ?? 0,
        policy.leaseMs,
        WINDOW_WIDENING_MS,
        ABANDONED_AFTER_MS,
        FULL_AFTER_LOSS_UP_TO_MS,
        ...policy.windows.flatMap((w) => [w.limit, w.periodMs]),
      );
      if (time === -1) return concurrencyWait();
      if (time > now) return { admitted: false, waitMs: time - now, reason: 'rate' };
      inFlight.set(requestKey(connectionId, jobId), policy);
      return { admitted: true };
    },
    async release(connectionId, jobId) {
      const request = requestKey(connectionId, jobId);
      const policy = inFlight.get(request);
      inFlight.delete(request);
      await client.ledgersyncRelease(
        key(connectionId, 'leases'),
        key(connectionId, 'ends'),
        clock(),
        jobId,
        policy ? keepEndsMs(policy) : 0,
      );
    },
    async pushBack(connectionId, delayMs) {
      await client.ledgersyncPushBack(key(connectionId, 'blocked'), clock(), Math.max(0, Math.round(delayMs)));
    },
    async holdApp(app, delayMs) {
      await client.ledgersyncPushBack(appKey(app), clock(), Math.max(0, Math.round(delayMs)));
    },
    async othersWaiting(connectionId, prefix) {
      const now = options.now?.() || Number((await redis.time())[0]) * 1000;
      const waiting = await redis.zrangebyscore(key(connectionId, 'line'), now - ABANDONED_AFTER_MS, '+inf');
      return waiting.some((jobId) => !jobId.startsWith(prefix));
    },
    async quotaSpent(connectionId, jobId, pauseMs) {
      const windows = inFlight.get(requestKey(connectionId, jobId))?.windows ?? [];
      await client.ledgersyncQuotaSpent(
        key(connectionId, 'blocked'),
        key(connectionId, 'leases'),
        key(connectionId, 'ends'),
        clock(),
        Math.max(0, Math.round(pauseMs)),
        WINDOW_WIDENING_MS,
        ...windows.flatMap((w) => [w.limit, w.periodMs]),
      );
    },
  };
}
