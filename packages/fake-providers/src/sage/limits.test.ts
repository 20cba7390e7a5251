import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expectDropped, expectEdgeProxyPage } from '../shared/test-support.js';
import { BUSINESS, CASH, OTHER_BUSINESS, accountOf, diagnosesOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function expectThrottled(response: LightMyRequestResponse, retryAfter: string | undefined = undefined) {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toEqual([{ $severity: 'error', $dataCode: 'TooManyRequests', $message: expect.any(String), $source: '' }]);
  expect(response.headers['retry-after']).toBe(retryAfter);
  // providers.md: Sage sends no rate-limit headers.
  expect(Object.keys(response.headers).filter((name) => name.includes('limit'))).toEqual([]);
}

describe('rate limit', () => {
  it('answers the 101st call of a business within 60 s with 429, without rate-limit headers, and recovers', async () => {
    h = await harness();
    for (let i = 1; i <= 100; i++) {
      expect((await h.list()).statusCode).toBe(200);
      if (i === 50) h.advance(30_000);
    }
    h.advance(20_000);
    expectThrottled(await h.list());
    expectThrottled(await h.create(CASH));
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
    // Another business has its own budget.
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    expect((await h.list({}, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(200);
    // The window started with the first call: it ends 60 s after it, 10 s from now.
    h.advance(9_999);
    expectThrottled(await h.list());
    h.advance(1);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it('answers the 2,501st call of a business within a day with 429, however slowly they came', async () => {
    h = await harness();
    let token = h.tokens.access_token;
    for (let minute = 0; minute < 25; minute++) {
      for (let i = 0; i < 100; i++) expect((await h.list({}, { token })).statusCode).toBe(200);
      h.advance(60_000);
      token = h.fake.mintTokens(BUSINESS).access_token;
    }
    expectThrottled(await h.list({}, { token }));
    // The day started with the first call, 25 minutes ago.
    h.advance(24 * 3600_000 - 25 * 60_000 - 1);
    token = h.fake.mintTokens(BUSINESS).access_token;
    expectThrottled(await h.list({}, { token }));
    h.advance(1);
    expect((await h.list({}, { token })).statusCode).toBe(200);
  });

  it('honours other limits, and a Retry-After when configured', async () => {
    h = await harness({ requestsPerWindow: 2, windowMs: 1_000, retryAfterSeconds: 1 });
    await h.list();
    await h.list();
    expectThrottled(await h.list(), '1');
    h.advance(1_000);
    expect((await h.list()).statusCode).toBe(200);
  });
});

describe('injected faults', () => {
  it('answers an injected 429 the Sage way, without touching state', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 429 });
    expectThrottled(await h.create(CASH));
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it("answers an injected 500 with Sage's UnexpectedError and 503 with its array, storing nothing", async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await h.create(CASH);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual([
      { $severity: 'error', $dataCode: 'UnexpectedError', $message: 'An unexpected error occurred.', $source: '' },
    ]);
    h.fake.injectFault({ kind: 'status', status: 503 });
    const unavailable = await h.create(CASH);
    expect(unavailable.statusCode).toBe(503);
    expect(diagnosesOf(unavailable)).toHaveLength(1);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('answers injected 502/504 with an edge proxy HTML page', async () => {
    h = await harness();
    for (const status of [502, 504] as const) {
      h.fake.injectFault({ kind: 'status', status });
      expectEdgeProxyPage(await h.create(CASH), status);
    }
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('applies a business-scoped fault to that business only, and leaves unauthenticated requests out', async () => {
    h = await harness();
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    h.fake.injectFault({ kind: 'status', status: 503 }, { tenantId: OTHER_BUSINESS });
    expect((await h.list({}, { token: 'bogus' })).statusCode).toBe(401);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list({}, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(503);
  });

  it('delays, then handles normally', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 20 });
    const response = await h.create(CASH);
    expect(response.statusCode).toBe(201);
    expect(h.fake.accounts(BUSINESS)).toEqual([accountOf(response)]);
  });

  it('drops the exchange on reset, storing nothing', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'reset' });
    await expectDropped(h.create(CASH));
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
    expect(h.fake.requests.at(-1)?.status).toBe(0);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it('commits then resets: the account exists, a re-send with its idempotency_id gets it, a blind one hits the nominal code rule', async () => {
    h = await harness();
    const sent = { ...CASH, idempotency_id: '0123456789abcdef0123456789abcdef' };
    h.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: BUSINESS });
    await expectDropped(h.create(sent));
    const [stored] = h.fake.accounts(BUSINESS);
    expect(stored?.name).toBe('Cash');
    expect(accountOf(await h.create(sent))).toEqual(stored);
    expect(diagnosesOf(await h.create(CASH))).toEqual([['nominal_code', 'Nominal code has already been taken']]);
    const found = await h.list({ search: '1000', attributes: 'all' });
    expect((found.json() as { $items: unknown[] }).$items).toEqual([stored]);
    expect(h.fake.accounts(BUSINESS)).toHaveLength(1);
    expect(h.fake.requests.map((r) => r.status)).toEqual([0, 201, 422, 200]);
  });

  it('rejects a fault it cannot honour', async () => {
    h = await harness();
    expect(() => h.fake.injectFault({ kind: 'status', status: 418 as 500 })).toThrow(RangeError);
  });
});

describe('recording and reset', () => {
  it('records every request with its answer', async () => {
    h = await harness();
    await h.create(CASH);
    await h.list({ search: '1000' });
    const [create, list] = h.fake.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/sandbox/sage/v3.1/ledger_accounts',
      body: { ledger_account: CASH },
      status: 201,
      at: h.now(),
    });
    expect(create?.headers['x-business']).toBe(BUSINESS);
    expect(list).toMatchObject({ method: 'GET', query: { search: '1000' }, status: 200, body: undefined });
  });

  it('forgets accounts, limits, faults, watermarks, used refresh tokens and requests on reset', async () => {
    h = await harness({ requestsPerWindow: 2 });
    accountOf(await h.create(CASH));
    await h.refresh(h.tokens.refresh_token);
    h.fake.injectFault({ kind: 'status', status: 500 });
    h.fake.expireAccessTokens(BUSINESS);
    h.fake.reset();
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
    expect(h.fake.requests).toEqual([]);
    expect((await h.create(CASH)).statusCode).toBe(201);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.refresh(h.tokens.refresh_token)).statusCode).toBe(200);
  });
});

describe('sandbox profile', () => {
  it('mints business ids the way Sage shapes them and names its token path', async () => {
    h = await harness();
    expect(h.fake.sandbox.newTenantId()).toMatch(/^[0-9a-f]{32}$/);
    expect(h.fake.sandbox.newTenantId()).not.toBe(h.fake.sandbox.newTenantId());
    expect(h.fake.sandbox.tokenPath).toBe('/token');
    expect(h.fake.provider).toBe('sage');
  });
});
