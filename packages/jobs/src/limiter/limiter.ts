import type { Redis } from 'ioredis';
import type { RatePolicy } from './policy.js';

/** Where a job stands with the connection's limiter. */
export type Admission =
  /** Its slot is now: send. */
  | { admitted: true }
  /** Its slot is later (or the connection is full): come back in `waitMs`, holding the slot. */
  | { admitted: false; waitMs: number; reason: 'rate' | 'concurrency' };

/**
 * The per-connection limiter every worker process shares. A small interface, so the embedded
 * single-process mode can put an in-memory one behind it.
 */
export interface ConnectionLimiter {
  /** Takes (or finds again) the job's slot and an in-flight lease; see {@link Admission}. */
  admit(connectionId: string, jobId: string, policy: RatePolicy): Promise<Admission>;
  /** Gives back the in-flight lease after the request (whatever its outcome). */
  release(connectionId: string, jobId: string): Promise<void>;
  /** The provider said to slow down (429, or remaining quota 0): nobody sends for `delayMs`. */
  pushBack(connectionId: string, delayMs: number): Promise<void>;
}

// A slot is kept if its job runs at most this late; later, it takes a new one.
export const GRACE_MS = 100;
// Windows are widened by the grace plus this: the time from admission to the request reaching
// the provider (claim, token, connect) varies by a few hundred ms on a loaded machine, and the
// provider counts arrivals. Costs under 0.5 % of a per-minute limit's throughput.
const LATENCY_MARGIN_MS = 200;
/** How much longer than the provider's each window is kept: the price of never exceeding it. */
export const WINDOW_WIDENING_MS = GRACE_MS + LATENCY_MARGIN_MS;

// One round trip per job. Returns {-1, now} when the connection has no free in-flight lease;
// else {slot, now} in Redis time (ms), so the workers' clocks never matter; the lease is kept
// only when the slot is now. A job keeps its slot across delays (the `slots` hash).
// KEYS: blocked-until, slots hash, leases zset, then one list per window holding its last `limit`
// slots, sorted. ARGV: job id, grace, concurrency (0: none), lease ms, window widening, then limit,
// period per window.
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local job, grace, concurrency, lease, widen = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if concurrency > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if not redis.call('ZSCORE', KEYS[3], job) and redis.call('ZCARD', KEYS[3]) >= concurrency then
    return {-1, now}
  end
  redis.call('ZADD', KEYS[3], now + lease, job)
  redis.call('PEXPIRE', KEYS[3], lease * 2)
end
local slot = nil
local held = redis.call('HGET', KEYS[2], job)
if held and now <= tonumber(held) + grace then slot = tonumber(held) end
if not slot then
  slot = now
  local blocked = redis.call('GET', KEYS[1])
  if blocked and tonumber(blocked) > slot then slot = tonumber(blocked) end
  local longest = 0
  for i = 4, #KEYS do
    local limit, period = tonumber(ARGV[i * 2 - 2]), tonumber(ARGV[i * 2 - 1]) + widen
    if period > longest then longest = period end
    local len = redis.call('LLEN', KEYS[i])
    if len > 0 then
      local last = tonumber(redis.call('LINDEX', KEYS[i], -1))
      if last > slot then slot = last end
      if len >= limit then
        local oldest = tonumber(redis.call('LINDEX', KEYS[i], len - limit))
        if oldest + period > slot then slot = oldest + period end
      end
    end
  end
  for i = 4, #KEYS do
    local limit, period = tonumber(ARGV[i * 2 - 2]), tonumber(ARGV[i * 2 - 1]) + widen
    redis.call('RPUSH', KEYS[i], slot)
    redis.call('LTRIM', KEYS[i], -limit, -1)
    redis.call('PEXPIRE', KEYS[i], slot - now + period)
  end
  redis.call('HSET', KEYS[2], job, slot)
  redis.call('PEXPIRE', KEYS[2], slot - now + longest + 60000)
end
if slot > now and concurrency > 0 then redis.call('ZREM', KEYS[3], job) end
return {slot, now}
`;

// KEYS: blocked-until. ARGV: delay ms. Only ever moves the deadline later.
const PUSH_BACK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < until_ then
  redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000)
end
return until_
`;

type LimiterRedis = Redis & {
  ledgersyncAdmit(...args: (string | number)[]): Promise<[number, number]>;
  ledgersyncPushBack(...args: (string | number)[]): Promise<number>;
};

/** How long a job waits before asking again for an in-flight lease when the connection is full. */
export const CONCURRENCY_WAIT_MS = 150;

/** The wait told to a job that found the connection full: jittered, so waiters do not ask in step. */
export function concurrencyWait(): Admission {
  return { admitted: false, waitMs: CONCURRENCY_WAIT_MS + Math.floor(Math.random() * CONCURRENCY_WAIT_MS), reason: 'concurrency' };
}

/**
 * The Redis limiter: atomic scripts over keys that share one hash tag per connection, so a
 * Redis Cluster keeps each connection's keys on one node.
 */
export function createRedisLimiter(redis: Redis, prefix: string): ConnectionLimiter {
  if (!('ledgersyncAdmit' in redis)) {
    redis.defineCommand('ledgersyncAdmit', { lua: ADMIT });
    redis.defineCommand('ledgersyncPushBack', { lua: PUSH_BACK, numberOfKeys: 1 });
  }
  const client = redis as LimiterRedis;
  const key = (connectionId: string, part: string) => `${prefix}:limiter:{${connectionId}}:${part}`;

  return {
    async admit(connectionId, jobId, policy) {
      const windowKeys = policy.windows.map((_, i) => key(connectionId, `w${i}`));
      const [slot, now] = await client.ledgersyncAdmit(
        3 + windowKeys.length,
        key(connectionId, 'blocked'),
        key(connectionId, 'slots'),
        key(connectionId, 'leases'),
        ...windowKeys,
        jobId,
        GRACE_MS,
        policy.concurrency ?? 0,
        policy.leaseMs,
        WINDOW_WIDENING_MS,
        ...policy.windows.flatMap((w) => [w.limit, w.periodMs]),
      );
      if (slot === -1) return concurrencyWait();
      return slot > now ? { admitted: false, waitMs: slot - now, reason: 'rate' } : { admitted: true };
    },
    async release(connectionId, jobId) {
      await client.multi().zrem(key(connectionId, 'leases'), jobId).hdel(key(connectionId, 'slots'), jobId).exec();
    },
    async pushBack(connectionId, delayMs) {
      await client.ledgersyncPushBack(key(connectionId, 'blocked'), Math.max(0, Math.round(delayMs)));
    },
  };
}
