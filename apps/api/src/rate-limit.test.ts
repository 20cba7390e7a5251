import { randomBytes } from 'node:crypto';
import { createRedis } from '@ledgersync/jobs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { ownRedis } from '../../../test/support/own-redis.js';
import { REDIS_URL } from '../../../test/support/services.js';
import { waitFor } from '../../../test/support/wait.js';
import { requireApiKey } from './auth.js';
import { createLookups } from './lookups.js';
import { registerErrorHandling } from './errors.js';
import { type ApiKeyRateLimit, apiRateLimitSetting, registerApiKeyRateLimit } from './rate-limit.js';

// Real API keys (Postgres), the real key check, real Redis counters; one small route behind them.
let h: Harness;
const redis = createRedis(REDIS_URL, 'producer');
const opened: { close(): Promise<unknown> }[] = [];
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await Promise.all(opened.map((app) => app.close()));
  redis.disconnect();
  await h?.close();
});

async function apiWithLimit(limit: ApiKeyRateLimit) {
  const app = Fastify();
  registerErrorHandling(app);
  app.decorateRequest('caller', null);
  app.decorateRequest('connection', null);
  await registerApiKeyRateLimit(app, limit);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(async (scoped) => {
    scoped.addHook('preHandler', requireApiKey({ lookups: createLookups(h.db) } as never));
    scoped.get('/webhooks', async () => []);
  });
  opened.push(app);
  return app;
}

const get = (app: Awaited<ReturnType<typeof apiWithLimit>>, apiKey?: string, url = '/webhooks') =>
  app.inject({ method: 'GET', url, headers: apiKey ? { 'x-api-key': apiKey } : {} });

const prefix = () => `{rl-${randomBytes(4).toString('hex')}}`;

describe('rate limit per API key', () => {
  it('answers 429 rate_limited with Retry-After once a key spends its window, in the error envelope', async () => {
    const app = await apiWithLimit({ limit: 3, periodMs: 60_000, redis, prefix: prefix() });
    const { apiKey } = await h.project();
    for (let i = 0; i < 3; i += 1) expect((await get(app, apiKey)).statusCode).toBe(200);
    const refused = await get(app, apiKey);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      statusCode: 429,
      error: 'rate_limited',
      message: `more than 3 requests for this API key; retry in ${retryAfter} s`,
      request_id: expect.any(String),
    });
  });

  it('gives each key its own budget, even two keys of one project', async () => {
    const app = await apiWithLimit({ limit: 2, periodMs: 60_000, redis, prefix: prefix() });
    const project = await h.project();
    const second = await h.project();
    for (let i = 0; i < 2; i += 1) await get(app, project.apiKey);
    expect((await get(app, project.apiKey)).statusCode).toBe(429);
    expect((await get(app, second.apiKey)).statusCode).toBe(200);
  });

  it('shares the count between API processes through Redis', async () => {
    const shared = prefix();
    const first = await apiWithLimit({ limit: 4, periodMs: 60_000, redis, prefix: shared });
    const second = await apiWithLimit({ limit: 4, periodMs: 60_000, redis, prefix: shared });
    const { apiKey } = await h.project();
    for (const app of [first, second, first, second]) expect((await get(app, apiKey)).statusCode).toBe(200);
    expect((await get(second, apiKey)).statusCode).toBe(429);
    expect((await get(first, apiKey)).statusCode).toBe(429);
  });

  it('does not count requests without a valid key, nor routes that take none', async () => {
    const app = await apiWithLimit({ limit: 1, periodMs: 60_000, redis, prefix: prefix() });
    for (let i = 0; i < 3; i += 1) {
      expect((await get(app, undefined, '/healthz')).statusCode).toBe(200);
      // Someone guessing keys gets 401, and spends no real key's budget.
      expect((await get(app, `lsk_${'A'.repeat(8)}_${'B'.repeat(32)}`)).statusCode).toBe(401);
    }
    const { apiKey } = await h.project();
    expect((await get(app, apiKey)).statusCode).toBe(200);
  });

  it('lets requests through when Redis is unreachable (the intake keeps answering)', async () => {
    const down = createRedis('redis://127.0.0.1:1', 'producer');
    down.on('error', () => {});
    try {
      const app = await apiWithLimit({ limit: 1, periodMs: 60_000, redis: down, prefix: prefix() });
      const { apiKey } = await h.project();
      for (let i = 0; i < 3; i += 1) expect((await get(app, apiKey)).statusCode).toBe(200);
    } finally {
      down.disconnect();
    }
  });

  it('counts in the process when there is no Redis (embedded mode)', async () => {
    const app = await apiWithLimit({ limit: 1, periodMs: 60_000 });
    const { apiKey } = await h.project();
    expect((await get(app, apiKey)).statusCode).toBe(200);
    expect((await get(app, apiKey)).statusCode).toBe(429);
  });
});

describe('rate limit per API key after Redis loses its data', () => {
  it('lets no more than the limit through in the window that was running, after a flush and after a restart empty', async () => {
    // A Redis of this test's own, so flushing and killing it disturbs no other suite.
    const own = await ownRedis();
    await own.start();
    const counters = createRedis(own.url, 'counters');
    counters.on('error', () => {});
    try {
      const shared = prefix();
      // Two API processes (each its own memory of the counts), one key spending its 5 through the first.
      const app = await apiWithLimit({ limit: 5, periodMs: 60_000, redis: counters, prefix: shared });
      const other = await apiWithLimit({ limit: 5, periodMs: 60_000, redis: counters, prefix: shared });
      const { apiKey } = await h.project();
      const light = (await h.project()).apiKey;
      const answers: number[] = [];
      for (let i = 0; i < 5; i += 1) answers.push((await get(app, apiKey)).statusCode);
      expect(answers).toEqual([200, 200, 200, 200, 200]);
      expect((await get(app, light)).statusCode).toBe(200);
      expect((await get(app, light)).statusCode).toBe(200);
      // The second process is running too (it served another key).
      expect((await get(other, (await h.project()).apiKey)).statusCode).toBe(200);

      await own.flush();
      // The process that saw the key's count goes on from it; the other, which never saw it,
      // counts it as spent: neither lets the key start a second window's worth.
      answers.push((await get(other, apiKey)).statusCode);
      for (let i = 0; i < 5; i += 1) answers.push((await get(app, apiKey)).statusCode);
      await own.kill();
      await own.start();
      await waitFor('the counters to reconnect', () => counters.status === 'ready');
      for (let i = 0; i < 5; i += 1) answers.push((await get(app, apiKey)).statusCode);

      // A key that had spent 2 when the count was lost has 3 left in its window, not 0 nor 5.
      const lightAnswers: number[] = [];
      for (let i = 0; i < 4; i += 1) lightAnswers.push((await get(app, light)).statusCode);
      expect(lightAnswers).toEqual([200, 200, 200, 429]);

      // Within one 60 s window the key got its 5, however Redis lost the count.
      expect(answers.filter((status) => status === 200)).toHaveLength(5);
      const refused = await get(app, apiKey);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      // A key with no count on a Redis that lost nothing since long is not held back.
      const fresh = await apiWithLimit({ limit: 5, periodMs: 60_000, redis: counters, prefix: prefix() });
      expect((await get(fresh, apiKey)).statusCode).toBe(200);
    } finally {
      counters.disconnect();
      await own.kill();
    }
  });
});

describe('API_RATE_LIMIT', () => {
  it('reads LIMIT/PERIOD or off, and names the expected form otherwise', () => {
    expect(apiRateLimitSetting.parse(undefined)).toEqual({ limit: 1000, periodMs: 60_000 });
    expect(apiRateLimitSetting.parse('50/s')).toEqual({ limit: 50, periodMs: 1_000 });
    expect(apiRateLimitSetting.parse('off')).toBeNull();
    const bad = apiRateLimitSetting.safeParse('fast');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/LIMIT\/PERIOD/);
  });
});
