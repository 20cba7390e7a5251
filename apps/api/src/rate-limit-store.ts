import { type createRedis, epochKey, epochStarter, READ_EPOCH, type RecentActivity } from '@ledgersync/jobs';

type Redis = ReturnType<typeof createRedis>;

// One fixed window per key, as @fastify/rate-limit's own Redis store counts, with one difference:
// a key with no counter less than a window after Redis lost its data (see the jobs package's
// epoch) starts the rest of that window as spent, since what the key spent before was forgotten,
// not absent. KEYS: the counter, the epoch. ARGV: window ms, max. Returns {count, ttl ms}.
const INCREMENT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
${READ_EPOCH.replaceAll('EPOCH', '2')}
local window, max = tonumber(ARGV[1]), tonumber(ARGV[2])
local current = redis.call('INCR', KEYS[1])
if current > 1 then return { current, redis.call('PTTL', KEYS[1]) } end
if epoch + window > now then
  local left = epoch + window - now
  redis.call('SET', KEYS[1], max + 1, 'PX', left)
  return { max + 1, left }
end
redis.call('PEXPIRE', KEYS[1], window)
return { 1, window }
`;

type CountingRedis = Redis & { ledgersyncApiRate(counter: string, epoch: string, windowMs: number, max: number): Promise<[number, number]> };

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
  return class ApiKeyCounters {
    incr(key: string, done: Done, windowMs: number, max: number): void {
      begin()
        .then(() => client.ledgersyncApiRate(`${nameSpace}${key}`, epochKey(prefix), windowMs, max))
        .then(([current, ttl]) => done(null, { current, ttl }), (error: Error) => done(error));
    }
    child(): ApiKeyCounters {
      return this;
    }
  };
}
