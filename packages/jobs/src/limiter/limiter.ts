import type { Redis } from 'ioredis';
import { epochKey, epochStarter, READ_EPOCH, type RecentActivity } from '../epoch.js';
import type { RatePolicy } from './policy.js';

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
   * The answer to the job's request said the provider's quota is spent (remaining 0), and that it
   * may take up to `pauseMs` to come back. When this connection's own requests fill one of its
   * windows, that is what the provider counted, and the window already holds the next request
   * back until the provider's must have reset: nothing more to do. Otherwise something else spends
   * the quota too, and nobody sends for `pauseMs`. Call it before {@link ConnectionLimiter.release}.
   */
  quotaSpent(connectionId: string, jobId: string, pauseMs: number): Promise<void>;
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

// Redis time (ms), so the workers' clocks never matter.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// Whether a window is full now: the requests that ended within its period, plus those in flight,
// have reached its limit. ends: the ends list's key and length.
const WINDOW_FULL = `
local function full(limit, period, flying, endsKey, ends)
  local free = limit - flying
  if free <= 0 then return true end
  return ends >= free and tonumber(redis.call('LINDEX', endsKey, -free)) > now - period
end
`;

// One round trip per ask. Returns {-1, now} when the connection has no free in-flight lease, else
// {time, now}: the job is let through when time <= now (and then holds a lease), else told to come
// back at that time, holding its place in line.
// KEYS: blocked-until, line zset, leases zset, ends list, epoch (see epoch.ts). ARGV: job id,
// concurrency (0: none), lease ms, window widening, abandoned-after ms, full-after-loss-up-to ms,
// then limit and period per window.
const ADMIT = `${NOW}${WINDOW_FULL}${READ_EPOCH.replaceAll('EPOCH', '5')}
local job, concurrency, lease, widen, abandoned = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local fullUpTo = tonumber(ARGV[6])
local windows, keep, longest = {}, 0, 0
for i = 7, #ARGV, 2 do
  local limit, period = tonumber(ARGV[i]), tonumber(ARGV[i + 1]) + widen
  windows[#windows + 1] = { limit, period }
  if limit > keep then keep = limit end
  if period > longest then longest = period end
end

-- No record of this connection's last requests, less than a period after Redis lost its data:
-- they were forgotten, not absent. Record them as having ended at the loss, as many as fill each
-- such window (half of a long one), so the windows hold until a period has passed.
if redis.call('EXISTS', KEYS[4]) == 0 then
  local forgotten = 0
  for _, w in ipairs(windows) do
    if epoch + w[2] > now then
      local n = w[1]
      if w[2] > fullUpTo then n = math.ceil(n / 2) end
      if n > forgotten then forgotten = n end
    end
  end
  for _ = 1, forgotten do redis.call('RPUSH', KEYS[4], epoch) end
end

local function ended(at)
  local last = redis.call('LINDEX', KEYS[4], -1)
  if last and tonumber(last) > at then at = tonumber(last) end
  redis.call('RPUSH', KEYS[4], at)
end
-- A lease that lapsed is a request whose worker died: it ended by then at the latest.
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'WITHSCORES')
for i = 2, #lapsed, 2 do ended(tonumber(lapsed[i])) end
if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now) end
-- The job asks again while its earlier request is in flight (its worker lost the job): that one
-- counts as ended now.
if redis.call('ZREM', KEYS[3], job) == 1 then ended(now) end
if keep > 0 then
  redis.call('LTRIM', KEYS[4], -keep, -1)
  redis.call('PEXPIRE', KEYS[4], longest + lease)
else
  redis.call('DEL', KEYS[4])
end
local flying = redis.call('ZCARD', KEYS[3])

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - abandoned)
local held = redis.call('ZSCORE', KEYS[2], job)
if held and tonumber(held) > now then return { tonumber(held), now } end
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
local ends = redis.call('LLEN', KEYS[4])

local function room()
  if blocked > now then return false end
  for _, w in ipairs(windows) do
    if full(w[1], w[2], flying, KEYS[4], ends) then return false end
  end
  return true
end

-- When there is room for this job after the 'ahead' jobs in line from position 'skip', each going
-- at its time (now if that has passed), the requests in flight ending now.
local function turn(skip, ahead)
  local function timeAt(i) return math.max(now, tonumber(redis.call('ZRANGE', KEYS[2], skip + i, skip + i, 'WITHSCORES')[2])) end
  local at = math.max(now, blocked)
  if ahead > 0 then at = math.max(at, timeAt(ahead - 1)) end
  for _, w in ipairs(windows) do
    local limit, period = w[1], w[2]
    local from = nil
    if ahead >= limit then
      from = timeAt(ahead - limit)
    elseif ahead + flying >= limit then
      from = now
    elseif ends >= limit - ahead - flying then
      from = tonumber(redis.call('LINDEX', KEYS[4], ahead + flying - limit))
    end
    if from and from + period > at then at = from + period end
  end
  return at
end

local function wait(at)
  redis.call('ZADD', KEYS[2], at, job)
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[2], math.max(0, tonumber(last[2]) - now) + abandoned)
  return { at, now }
end

if held then
  -- Its turn has come (however late): it goes if there is room, else it takes the first place no
  -- one has been told to come back to. The others whose turn has come too do the same as they ask.
  if not room() then
    redis.call('ZREM', KEYS[2], job)
    local skip, ahead = redis.call('ZCOUNT', KEYS[2], '-inf', now), 0
    local at = turn(skip, ahead)
    local before = redis.call('ZCOUNT', KEYS[2], '(' .. now, at)
    for _ = 1, 8 do
      if before <= ahead then break end
      ahead = before
      at = turn(skip, ahead)
      before = redis.call('ZCOUNT', KEYS[2], '(' .. now, at)
    end
    -- No room between the places given out: after the last of them.
    if before > ahead then at = turn(skip, redis.call('ZCARD', KEYS[2]) - skip) end
    return wait(at)
  end
else
  local at = turn(0, redis.call('ZCARD', KEYS[2]))
  if at > now then return wait(at) end
end
if concurrency > 0 and flying >= concurrency then
  -- It keeps (or takes) its place in line while it waits for a request to end.
  if not held then wait(now) end
  return { -1, now }
end
redis.call('ZREM', KEYS[2], job)
redis.call('ZADD', KEYS[3], now + lease, job)
redis.call('PEXPIRE', KEYS[3], lease + 1000)
return { now, now }
`;

// KEYS: leases zset, ends list. ARGV: job id, how long the ends are kept (0: not known here).
const RELEASE = `${NOW}
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local last = redis.call('LINDEX', KEYS[2], -1)
if last and tonumber(last) > now then now = tonumber(last) end
redis.call('RPUSH', KEYS[2], now)
local keep = tonumber(ARGV[2])
if keep > 0 then redis.call('PEXPIRE', KEYS[2], keep)
elseif redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], 172800000) end
return 1
`;

// KEYS: blocked-until. ARGV: delay ms. Only ever moves the deadline later.
const HOLD = `
local until_ = now + tonumber(ARGV[1])
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < until_ then
  redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000)
end
return until_
`;
const PUSH_BACK = `${NOW}${HOLD}`;

// KEYS: blocked-until, leases zset, ends list. ARGV: pause ms, window widening, then limit and
// period per window. Holds the connection back unless its own requests fill a window.
const QUOTA_SPENT = `${NOW}${WINDOW_FULL}
local flying = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
local ends = redis.call('LLEN', KEYS[3])
for i = 3, #ARGV, 2 do
  if full(tonumber(ARGV[i]), tonumber(ARGV[i + 1]) + tonumber(ARGV[2]), flying, KEYS[3], ends) then return 0 end
end
${HOLD}`;

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
}

export function createRedisLimiter(redis: Redis, prefix: string, options: RedisLimiterOptions = {}): ConnectionLimiter {
  if (!('ledgersyncAdmit' in redis)) {
    redis.defineCommand('ledgersyncAdmit', { lua: ADMIT, numberOfKeys: 5 });
    redis.defineCommand('ledgersyncRelease', { lua: RELEASE, numberOfKeys: 2 });
    redis.defineCommand('ledgersyncPushBack', { lua: PUSH_BACK, numberOfKeys: 1 });
    redis.defineCommand('ledgersyncQuotaSpent', { lua: QUOTA_SPENT, numberOfKeys: 3 });
  }
  const client = redis as LimiterRedis;
  const key = (connectionId: string, part: string) => `${prefix}:limiter:{${connectionId}}:${part}`;
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
      await client.ledgersyncRelease(key(connectionId, 'leases'), key(connectionId, 'ends'), jobId, policy ? keepEndsMs(policy) : 0);
    },
    async pushBack(connectionId, delayMs) {
      await client.ledgersyncPushBack(key(connectionId, 'blocked'), Math.max(0, Math.round(delayMs)));
    },
    async quotaSpent(connectionId, jobId, pauseMs) {
      const windows = inFlight.get(requestKey(connectionId, jobId))?.windows ?? [];
      await client.ledgersyncQuotaSpent(
        key(connectionId, 'blocked'),
        key(connectionId, 'leases'),
        key(connectionId, 'ends'),
        Math.max(0, Math.round(pauseMs)),
        WINDOW_WIDENING_MS,
        ...windows.flatMap((w) => [w.limit, w.periodMs]),
      );
    },
  };
}
