import { buildApp } from '@ledgersync/api';
import { accounts } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The whole API with API_RATE_LIMIT=3/min in server mode (counters in the harness' Redis).
let h: Harness;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  h = await startHarness({ workers: false });
  app = await buildApp({
    db: h.db,
    cipher: h.cipher,
    queues: h.queues,
    logger: pino({ level: 'silent' }),
    health: async () => ({ database: true, redis: true }),
    rateLimit: { limit: 3, periodMs: 60_000, redis: h.producer, prefix: h.prefix },
  });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('API rate limit per key', () => {
  it('answers 429 with Retry-After past the limit, across routes, storing nothing; other keys and /healthz are not held back', async () => {
    const project = await h.project();
    const t = { ...project, ...(await h.connection(project.projectId)) };
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    const post = () => app.inject({ method: 'POST', url: '/accounting/accounts', headers, payload: { name: 'Cash', type: 'Bank' } });
    expect((await post()).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/accounting/accounts', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/webhooks', headers })).statusCode).toBe(200);

    const limited = await post();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ statusCode: 429, error: 'rate_limited', request_id: expect.any(String) });
    const [stored] = await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, t.connectionId));
    expect(stored?.n).toBe(1);

    const other = await h.project();
    expect((await app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': other.apiKey } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
