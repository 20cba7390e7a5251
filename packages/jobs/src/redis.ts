import { Redis } from 'ioredis';

/**
 * A Redis connection for one of two roles, because they want opposite failure behaviour:
 * - `producer` (the API adding jobs): fail fast when Redis is away, so the request still answers
 *   (the row is committed; the sweeper enqueues it later) instead of hanging;
 * - `worker` (BullMQ workers, blocking commands): wait and reconnect for as long as it takes.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): Redis {
  if (role === 'producer') {
    return new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 2_000,
      lazyConnect: false,
      // Concurrent requests' commands (rate-limit counts, job adds) go out in one write; a
      // producer never blocks, so nothing waits behind a slow command.
      enableAutoPipelining: true,
    });
  }
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
