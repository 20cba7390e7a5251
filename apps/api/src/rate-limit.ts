import rateLimit from '@fastify/rate-limit';
import { type createRedis, parseRateWindow, type RateWindow, type RecentActivity } from '@ledgersync/jobs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from './errors.js';
import { apiKeyCounters } from './rate-limit-store.js';

export interface ApiKeyRateLimit extends RateWindow {
  /**
   * Counters shared by every API process (server mode). Absent: counted in this process only
   * (embedded mode, where there is one).
   */
  redis?: ReturnType<typeof createRedis>;
  /** Redis key prefix (the queue prefix), so deployments sharing a Redis keep their own counts. */
  prefix?: string;
  /**
   * Whether requests may have come in recently, asked when Redis has no epoch yet: yes means it
   * lost its data, and keys start the current window as spent (see rate-limit-store.ts). Default: no.
   */
  recentActivity?: RecentActivity;
}

/** `API_RATE_LIMIT`: LIMIT/PERIOD per API key (`1000/min`, `50/s`), or `off`. */
export const apiRateLimitSetting = z
  .string()
  .default('1000/min')
  .transform((text, ctx): RateWindow | null => {
    if (text.trim() === 'off') return null;
    try {
      return parseRateWindow(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Limits requests per API key: one fixed window per key across every route, counted after the key
 * is verified (so a client presenting someone else's key prefix cannot spend that key's budget).
 * Routes that take no API key (health, sandbox, admin) are not counted. Over the limit: 429
 * `rate_limited` with `Retry-After`. Register it before the routes: it attaches to routes as they
 * are added.
 */
export async function registerApiKeyRateLimit(app: FastifyInstance, limit: ApiKeyRateLimit): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    // Route-level preHandlers run after the routes' own hooks, so `request.caller` is known.
    hook: 'preHandler',
    max: limit.limit,
    timeWindow: limit.periodMs,
    keyGenerator: (request) => request.caller?.apiKeyId ?? '',
    allowList: (request) => request.caller === null,
    ...(limit.redis ? { store: apiKeyCounters(limit.redis, limit.prefix ?? 'ledgersync', limit.recentActivity ?? (async () => false)) } : {}),
    // Redis down must not stop the intake (accounts are stored and enqueued later): let requests through.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ApiError(429, 'rate_limited', `more than ${context.max} requests for this API key; retry in ${seconds} s`, undefined, {
        'retry-after': String(seconds),
      });
    },
  });
}
