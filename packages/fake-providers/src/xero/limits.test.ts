import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expectDropped, expectEdgeProxyPage, settle } from '../shared/test-support.js';
import { EXPENSE, OTHER_TENANT, TENANT, accountOf, harness, validationMessages } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function expectThrottled(response: LightMyRequestResponse, problem: string, retryAfter: string | undefined) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['x-rate-limit-problem']).toBe(problem);
  expect(response.headers['retry-after']).toBe(retryAfter);
  expect(response.json()).toMatchObject({ Title: 'Too Many Requests', Status: 429 });
}

describe('rate limits', () => {
  it('counts every response down in the limit headers and answers the 61st request in a minute with 429', async () => {
    h = await harness();
    for (let i = 1; i <= 60; i++) {
      const response = await h.list();
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-minlimit-remaining']).toBe(String(60 - i));
      expect(response.headers['x-daylimit-remaining']).toBe(String(5000 - i));
      expect(response.headers['x-applimit-remaining']).toBeUndefined();
      expect(response.headers['x-appminlimit-remaining']).toBe(String(10_000 - i));
      if (i === 30) h.advance(30_000);
    }
    h.advance(20_000);
    const refused = await h.list();
    // The window started with the first request: it resets 60 s after it, 10 s from now.
    expectThrottled(refused, 'minute', '10');
    expect(refused.headers['x-minlimit-remaining']).toBe('0');
    expect(refused.headers['x-daylimit-remaining']).toBe('4940');
    expectThrottled(await h.create(EXPENSE), 'minute', '10');
    expect(h.fake.accounts(TENANT)).toEqual([]);
    // Another tenant has its own budget.
    const other = h.fake.mintTokens(OTHER_TENANT);
    expect((await h.list({}, { tenant: OTHER_TENANT, token: other.access_token })).statusCode).toBe(200);
    h.advance(9_999);
    expectThrottled(await h.list(), 'minute', '1');
    h.advance(1);
    const recovered = await h.create(EXPENSE);
    expect(recovered.statusCode).toBe(200);
    expect(recovered.headers['x-minlimit-remaining']).toBe('59');
  });

  it("answers 429 day with the seconds until the tenant's day window resets", async () => {
    h = await harness({ requestsPerDay: 3 });
    const token = h.fake.mintTokens(TENANT, { accessTtlSeconds: 2 * 24 * 3600 }).access_token;
    for (let i = 0; i < 3; i++) expect((await h.list({}, { token })).statusCode).toBe(200);
    h.advance(3600_000);
    const refused = await h.list({}, { token });
    expectThrottled(refused, 'day', String(23 * 3600));
    expect(refused.headers['x-daylimit-remaining']).toBe('0');
    expect(refused.headers['x-minlimit-remaining']).toBe('60');
    h.advance(23 * 3600_000);
    expect((await h.list({}, { token })).statusCode).toBe(200);
  });

  it('shares the app minute limit across tenants, and answers its 429 without Retry-After', async () => {
    h = await harness({ appRequestsPerMinute: 2 });
    const other = h.fake.mintTokens(OTHER_TENANT);
    const first = await h.list();
    expect(first.headers['x-appminlimit-remaining']).toBe('1');
    expect((await h.list({}, { tenant: OTHER_TENANT, token: other.access_token })).headers['x-appminlimit-remaining']).toBe('0');
    // Each tenant still has most of its own minute: it is the app's calls that are spent.
    const refused = await h.list();
    expectThrottled(refused, 'appminute', undefined);
    expect(refused.headers['x-appminlimit-remaining']).toBe('0');
    expect(refused.headers['x-minlimit-remaining']).toBe('59');
    expectThrottled(await h.create(EXPENSE, { tenant: OTHER_TENANT, token: other.access_token }), 'appminute', undefined);
    expect(h.fake.accounts(OTHER_TENANT)).toEqual([]);
    // A fixed window from the app's first call: a minute after it, every tenant is served again.
    h.advance(59_999);
    expectThrottled(await h.list(), 'appminute', undefined);
    h.advance(1);
    const again = await h.list({}, { tenant: OTHER_TENANT, token: other.access_token });
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-appminlimit-remaining']).toBe('1');
  });

  it("takes the app limit's window as a setting", async () => {
    h = await harness({ appRequestsPerMinute: 1, appWindowMs: 2_000 });
    expect((await h.list()).statusCode).toBe(200);
    expectThrottled(await h.list(), 'appminute', undefined);
    h.advance(2_000);
    expect((await h.list()).statusCode).toBe(200);
  });

  it('answers the 6th request in flight for a tenant with 429 concurrent, without Retry-After', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 1_000 }, { tenantId: TENANT, times: 5 });
    const slow = Array.from({ length: 5 }, (_, i) => h.create({ ...EXPENSE, Code: `S${i}`, Name: `Slow ${i}` }));
    await settle(h.fake, 5);
    const sixth = await h.create({ ...EXPENSE, Code: 'S5', Name: 'Sixth' });
    expectThrottled(sixth, 'concurrent', undefined);
    const other = h.fake.mintTokens(OTHER_TENANT);
    expect((await h.create(EXPENSE, { tenant: OTHER_TENANT, token: other.access_token })).statusCode).toBe(200);
    expect((await Promise.all(slow)).map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect((await h.create({ ...EXPENSE, Code: 'S6', Name: 'After' })).statusCode).toBe(200);
    expect(h.fake.accounts(TENANT)).toHaveLength(6);
  });

  it('counts idempotent replays against the limits', async () => {
    h = await harness({ requestsPerMinute: 2 });
    await h.create(EXPENSE, { idempotencyKey: 'k' });
    expect((await h.create(EXPENSE, { idempotencyKey: 'k' })).statusCode).toBe(200);
    expectThrottled(await h.create(EXPENSE, { idempotencyKey: 'k' }), 'minute', '60');
  });
});

describe('injected faults', () => {
  it('answers an injected 429 as the minute limit, without touching state', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 429 });
    h.advance(15_000);
    const throttled = await h.create(EXPENSE, { idempotencyKey: 'k' });
    expectThrottled(throttled, 'minute', '60');
    expect(throttled.headers['x-minlimit-remaining']).toBe('0');
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect((await h.create(EXPENSE, { idempotencyKey: 'k' })).statusCode).toBe(200);
  });

  it("answers an injected 503 with a problem, without remembering the key: the gateway's, the API never saw it", async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 503 });
    const unavailable = await h.create(EXPENSE, { idempotencyKey: 'k1' });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toMatchObject({ Title: 'Service Unavailable', Status: 503 });
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect((await h.create(EXPENSE, { idempotencyKey: 'k1' })).statusCode).toBe(200);
  });

  it("answers an injected 500 with Xero's error, and replays it to the write's key as Xero caches an internal error", async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await h.create(EXPENSE, { idempotencyKey: 'k1' });
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      Title: 'An error occurred',
      Detail: 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
      Status: 500,
      Instance: failed.headers['xero-correlation-id'],
    });
    // The error is resolved, but the key still gets it, until the key expires.
    const replayed = await h.create(EXPENSE, { idempotencyKey: 'k1' });
    expect(replayed.statusCode).toBe(500);
    expect(replayed.body).toBe(failed.body);
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect((await h.create(EXPENSE, { idempotencyKey: 'k2' })).statusCode).toBe(200);
    h.advance(6 * 60_000);
    expect(validationMessages(await h.create(EXPENSE, { idempotencyKey: 'k1' }))).toContain('Please enter a unique Code.');
    // Without a key nothing is remembered.
    h.fake.injectFault({ kind: 'status', status: 500 });
    expect((await h.create({ ...EXPENSE, Code: '401', Name: 'Other' })).statusCode).toBe(500);
    expect((await h.create({ ...EXPENSE, Code: '401', Name: 'Other' })).statusCode).toBe(200);
  });

  it('answers injected 502/504 with an edge proxy HTML page', async () => {
    h = await harness();
    for (const status of [502, 504] as const) {
      h.fake.injectFault({ kind: 'status', status });
      expectEdgeProxyPage(await h.create(EXPENSE), status);
    }
    expect(h.fake.accounts(TENANT)).toEqual([]);
  });

  it('applies a tenant-scoped fault to that tenant only, and leaves unauthenticated requests out', async () => {
    h = await harness();
    const other = h.fake.mintTokens(OTHER_TENANT);
    h.fake.injectFault({ kind: 'status', status: 503 }, { tenantId: OTHER_TENANT });
    expect((await h.list({}, { token: 'bogus' })).statusCode).toBe(401);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list({}, { tenant: OTHER_TENANT, token: other.access_token })).statusCode).toBe(503);
  });

  it('delays, then handles normally', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const response = await h.create(EXPENSE);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.statusCode).toBe(200);
  });

  it('drops the exchange on reset, storing nothing and remembering no key', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'reset' });
    await expectDropped(h.create(EXPENSE, { idempotencyKey: 'r' }));
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect(h.fake.requests.at(-1)?.status).toBe(0);
    expect((await h.create(EXPENSE, { idempotencyKey: 'r' })).statusCode).toBe(200);
  });

  it('commits then resets: a retry with the same Idempotency-Key returns the stored account, and no second one exists', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: TENANT });
    await expectDropped(h.create(EXPENSE, { idempotencyKey: 'c' }));
    const stored = h.fake.accounts(TENANT);
    expect(stored.map((a) => a.Name)).toEqual(['Advertising']);
    const retry = await h.create(EXPENSE, { idempotencyKey: 'c' });
    expect(retry.statusCode).toBe(200);
    expect(accountOf(retry)).toEqual(stored[0]);
    expect(h.fake.accounts(TENANT)).toHaveLength(1);
    // Without the key the retry is a second create, which the uniqueness rules refuse.
    expect(validationMessages(await h.create(EXPENSE, { idempotencyKey: 'c2' }))).toEqual([
      'Please enter a unique Code.',
      'Please enter a unique Name.',
    ]);
    // Both requests released their in-flight slot.
    expect(h.fake.requests.map((r) => r.status)).toEqual([0, 200, 400]);
  });

  it('rejects a fault it cannot honour', async () => {
    h = await harness();
    expect(() => h.fake.injectFault({ kind: 'status', status: 418 as 500 })).toThrow(RangeError);
    expect(() => h.fake.injectFault({ kind: 'reset' }, { times: 0 })).toThrow(RangeError);
  });
});

describe('recording and reset', () => {
  it('records every request with its answer', async () => {
    h = await harness();
    await h.create(EXPENSE, { idempotencyKey: 'r-1' });
    await h.list({ where: 'Code=="400"' });
    const [create, list] = h.fake.requests;
    expect(create).toMatchObject({ method: 'PUT', path: '/sandbox/xero/api.xro/2.0/Accounts', body: EXPENSE, status: 200, at: h.now() });
    expect(create?.headers['idempotency-key']).toBe('r-1');
    expect(create?.headers['xero-tenant-id']).toBe(TENANT);
    expect(list).toMatchObject({ method: 'GET', query: { where: 'Code=="400"' }, status: 200, body: undefined });
  });

  it('forgets accounts, idempotency keys, limits, faults, watermarks and requests on reset', async () => {
    h = await harness({ requestsPerMinute: 2 });
    await h.create(EXPENSE, { idempotencyKey: 'k' });
    await h.list();
    h.fake.injectFault({ kind: 'status', status: 500 });
    h.fake.expireAccessTokens(TENANT);
    h.fake.reset();
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect(h.fake.requests).toEqual([]);
    const again = await h.create({ ...EXPENSE, Name: 'Different' }, { idempotencyKey: 'k' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-minlimit-remaining']).toBe('1');
  });
});
