import { Redis } from 'ioredis';

/**
 * A Redis connection for one of three roles, because they want different behaviour:
 * - `producer` (the API adding jobs): fail fast when Redis is away, so the request still answers
 *   (the row is committed; the sweeper enqueues it later) instead of hanging;
 * - `counters` (the API's per-key request counts): fail fast too, and auto-pipelined: the counts
 *   of the requests arriving together go out in one write. Kept off the connection BullMQ uses,
 *   where auto-pipelining has been reported to upset job state (bull issues #457, #2276);
 * - `worker` (BullMQ workers, blocking commands): wait and reconnect for as long as it takes.
 */
export function createRedis(url: string, role: 'producer' | 'counters' | 'worker'): Redis {
  if (role === 'worker') return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    lazyConnect: false,
    enableAutoPipelining: role === 'counters',
  });
}

/**
 * Resolves once the connection is ready. While it is not, calls `waiting` at once (with the last
 * connection error) and again every `everyMs`, so a process held up by Redis says so, calmly.
 */
export async function untilReady(redis: Redis, waiting: (error: Error | undefined) => void, everyMs = 30_000): Promise<void> {
  if (redis.status === 'ready') return;
  let last: Error | undefined;
  const remember = (error: Error) => {
    last = error;
  };
  redis.on('error', remember);
  // Give a first connection attempt its moment before calling Redis missing.
  const first = setTimeout(() => waiting(last), 1_000);
  const again = setInterval(() => waiting(last), everyMs);
  try {
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  } finally {
    clearTimeout(first);
    clearInterval(again);
    redis.off('error', remember);
  }
}
