import { type createRedis, epochKey, epochStarter, READ_EPOCH, type RecentActivity } from '@ledgersync/jobs';

type Redis = ReturnType<typeof createRedis>;

// One fixed window per key, as @fastify/rate-limit's own Redis store counts, with one difference:
// a key with no counter less than a window after Redis lost its data (see the jobs package's
// epoch) does not start from zero, since what it spent before was forgotten, not absent. It starts
// from the count this API process last saw for it, until that window's end; a key this process
// has not seen in the window starts it as spent, until one window after the loss.
// KEYS: the counter, the epoch. ARGV: window ms, max, count last seen (-1: none), its window's ms
// left. Returns {count, ttl ms}.
const INCREMENT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
${READ_EPOCH.replaceAll('EPOCH', '2')}
local window, max, seen, seenLeft = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local current = redis.call('INCR', KEYS[1])
if current > 1 then return { current, redis.call('PTTL', KEYS[1]) } end
if epoch + window > now then
  local count, left = max + 1, epoch + window - now
  if seen >= 0 then count, left = seen + 1, seenLeft end
  redis.call('SET', KEYS[1], count, 'PX', left)
  return { count, left }
end
redis.call('PEXPIRE', KEYS[1], window)
return { 1, window }
`;

type CountingRedis = Redis & {
  ledgersyncApiRate(counter: string, epoch: string, windowMs: number, max: number, seen: number, seenLeftMs: number): Promise<[number, number]>;
};

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * The per-key counters in Redis, shared by every API process, as a store for
 * @fastify/rate-limit (which builds it with `new`, hence a class made per Redis).
 */
export function apiKeyCounters(redis: Redis, prefix: string, recentActivity: RecentActivity) {
  if (!('ledgersyncApiRate' in redis)) redis.defineCommand('ledgersyncApiRate', { lua: INCREMENT, numberOfKeys: 2 });
  const client = redis as CountingRedis;
  const begin = epochStarter(redis, prefix, recentActivity);
  const nameSpace = `${prefix}:api-rate:`;
  // The count each key had when this process last asked, and when its window ends: what a key
  // had spent, should Redis lose it. Forgotten once the window is over.
  const seen = new Map<string, { count: number; endsAt: number }>();
  let sinceCleanup = 0;
  const remember = (key: string, count: number, ttl: number) => {
    const now = Date.now();
    seen.set(key, { count, endsAt: now + ttl });
    if (++sinceCleanup < 1_000) return;
    sinceCleanup = 0;
    for (const [old, entry] of seen) if (entry.endsAt <= now) seen.delete(old);
  };

  return class ApiKeyCounters {
    incr(key: string, done: Done, windowMs: number, max: number): void {
      const last = seen.get(key);
      const left = last ? last.endsAt - Date.now() : 0;
      begin()
        .then(() => client.ledgersyncApiRate(`${nameSpace}${key}`, epochKey(prefix), windowMs, max, left > 0 && last ? last.count : -1, left))
        .then(
          ([current, ttl]) => {
            remember(key, current, ttl);
            done(null, { current, ttl });
          },
          (error: Error) => done(error),
        );
    }
    child(): ApiKeyCounters {
      return this;
    }
  };
}
