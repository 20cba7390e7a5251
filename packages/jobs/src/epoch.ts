import type { Redis } from 'ioredis';

/**
 * Redis keeps counts that only matter for a while (the limiter's request ends, the API's per-key
 * counters). When Redis loses its data (restarted empty, flushed, failed over), a missing count no
 * longer means "nothing was sent": the requests of the last window are forgotten, not absent.
 *
 * The epoch key tells the two apart. It holds the Redis time (ms) from which Redis's counts are
 * complete: 0 when nothing was sent before it was written (a new install), the moment of the loss
 * otherwise. Written once per Redis dataset; when it is missing, the data were lost, and the
 * scripts reading it set it to "now" and count a window with no record as spent until one period
 * after that. A brand-new connection or API key on a healthy Redis is not slowed.
 */
export const epochKey = (prefix: string) => `${prefix}:epoch`;

// Lua: the epoch, set to now (Redis time) when missing. Expects `now` to be defined.
export const READ_EPOCH = `
local epoch = redis.call('GET', KEYS[EPOCH])
if epoch then epoch = tonumber(epoch) else
  epoch = now
  redis.call('SET', KEYS[EPOCH], now)
end
`;

// KEYS: the epoch. ARGV: 1 when requests may have been sent recently, else 0. Returns 1 when set.
const BEGIN = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[1] == '1' and now or 0)
return 1
`;

/** Whether requests may have been sent recently (Postgres knows: e.g. a push attempted in the last day). */
export type RecentActivity = () => Promise<boolean>;

/**
 * Before a process first counts: writes the epoch if this Redis has none. Asks `recent` only
 * then: with no recent activity it is a new install (nothing to forget), else Redis lost its data
 * while nobody was counting. Returns true when it found the epoch missing and recent activity.
 */
export async function beginEpoch(redis: Redis, prefix: string, recent: RecentActivity): Promise<boolean> {
  if ((await redis.exists(epochKey(prefix))) === 1) return false;
  // Unknown is treated as recent: holding back for one window is the safe side.
  const active = await recent().catch(() => true);
  const set = (await redis.eval(BEGIN, 1, epochKey(prefix), active ? '1' : '0')) as number;
  return set === 1 && active;
}

/** A memoized {@link beginEpoch}: once per process, retried if it failed. */
export function epochStarter(redis: Redis, prefix: string, recent: RecentActivity): () => Promise<void> {
  let begun: Promise<unknown> | undefined;
  return async () => {
    begun ??= beginEpoch(redis, prefix, recent).catch((error: unknown) => {
      begun = undefined;
      throw error;
    });
    await begun;
  };
}
