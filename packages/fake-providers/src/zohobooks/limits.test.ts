import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expectDropped, expectEdgeProxyPage, settle } from '../shared/test-support.js';
import { ADVERTISING, CASH, ORG, OTHER_ORG, accountOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function expectThrottled(response: LightMyRequestResponse, code: number, message: string | RegExp) {
  expect(response.statusCode).toBe(429);
  const body = response.json() as { code: number; message: string };
  expect(body.code).toBe(code);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
  // Zoho says nothing about when to come back.
  expect(response.headers['retry-after']).toBeUndefined();
}

const MINUTE_MESSAGE =
  'For security reasons your organization has been blocked as it have exceeded the maximum number of requests per minute that can originate from an organization.';

describe('rate limits', () => {
  it('answers the 101st request of an organisation in a minute with 429 code 44, until the window ends', async () => {
    h = await harness();
    for (let i = 0; i < 100; i++) {
      expect((await h.list()).statusCode).toBe(200);
      if (i === 49) h.advance(30_000);
    }
    h.advance(20_000);
    expectThrottled(await h.list(), 44, MINUTE_MESSAGE);
    expectThrottled(await h.create(CASH), 44, MINUTE_MESSAGE);
    expect(h.fake.accounts(ORG)).toEqual([]);
    // Another organisation has its own budget.
    const other = h.fake.mintTokens(OTHER_ORG);
    expect((await h.list({}, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(200);
    // The window started with the first request: it ends 60 s after it, 10 s from now.
    h.advance(9_999);
    expectThrottled(await h.list(), 44, MINUTE_MESSAGE);
    h.advance(1);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it("answers past the daily cap with 429 code 45 quoting the plan's cap, and recovers the next day", async () => {
    h = await harness({ requestsPerDay: 3 });
    const token = h.fake.mintTokens(ORG, { accessTtlSeconds: 2 * 24 * 3600 }).access_token;
    for (let i = 0; i < 3; i++) expect((await h.list({}, { token })).statusCode).toBe(200);
    h.advance(3600_000);
    expectThrottled(await h.list({}, { token }), 45, 'The API call for this organization has exceeded the maximum call rate limit of 3.');
    h.advance(23 * 3600_000);
    expect((await h.list({}, { token })).statusCode).toBe(200);
  });

  it('writes the default daily cap as Zoho does', async () => {
    h = await harness({ requestsPerMinute: 2_000 });
    const token = h.fake.mintTokens(ORG, { accessTtlSeconds: 2 * 24 * 3600 }).access_token;
    for (let i = 0; i < 1_000; i++) await h.list({}, { token });
    expectThrottled(
      await h.list({}, { token }),
      45,
      'The API call for this organization has exceeded the maximum call rate limit of 1,000.',
    );
  });

  it('answers the 11th request in flight for an organisation with 429 code 1070', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 1_000 }, { tenantId: ORG, times: 10 });
    const slow = Array.from({ length: 10 }, (_, i) => h.create({ account_name: `Slow ${i}`, account_type: 'expense' }));
    await settle(h.fake, 10);
    expectThrottled(
      await h.create({ account_name: 'Eleventh', account_type: 'expense' }),
      1070,
      'You have reached the maximum number of in process requests allowed. Kindly try again after some time.',
    );
    const other = h.fake.mintTokens(OTHER_ORG);
    expect((await h.create(CASH, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(201);
    expect((await Promise.all(slow)).map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect((await h.create({ account_name: 'After', account_type: 'expense' })).statusCode).toBe(201);
    expect(h.fake.accounts(ORG)).toHaveLength(11);
  });

  it('counts requests refused for their token or organisation nowhere', async () => {
    h = await harness({ requestsPerMinute: 1 });
    expect((await h.list({}, { token: 'bogus' })).statusCode).toBe(401);
    expect((await h.list({}, { organizationId: OTHER_ORG })).statusCode).toBe(400);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list()).statusCode).toBe(429);
  });
});

describe('injected faults', () => {
  it("answers an injected 429 as the minute limit, 500 and 503 with Zoho's internal error, storing nothing", async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 429 });
    expectThrottled(await h.create(CASH), 44, MINUTE_MESSAGE);
    for (const status of [500, 503] as const) {
      h.fake.injectFault({ kind: 'status', status });
      const response = await h.create(CASH);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ code: 1000, message: 'Internal error' });
    }
    expect(h.fake.accounts(ORG)).toEqual([]);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it('answers injected 502/504 with an edge proxy HTML page', async () => {
    h = await harness();
    for (const status of [502, 504] as const) {
      h.fake.injectFault({ kind: 'status', status });
      expectEdgeProxyPage(await h.create(CASH), status);
    }
    expect(h.fake.accounts(ORG)).toEqual([]);
  });

  it('applies an organisation-scoped fault to that organisation only, and leaves unauthenticated requests out', async () => {
    h = await harness();
    const other = h.fake.mintTokens(OTHER_ORG);
    h.fake.injectFault({ kind: 'status', status: 503 }, { tenantId: OTHER_ORG });
    expect((await h.list({}, { token: 'bogus', organizationId: OTHER_ORG })).statusCode).toBe(401);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list({}, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(503);
  });

  it('delays, then handles normally', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const response = await h.create(CASH);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.statusCode).toBe(201);
  });

  it('drops the exchange on reset, storing nothing', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'reset' });
    await expectDropped(h.create(CASH));
    expect(h.fake.accounts(ORG)).toEqual([]);
    expect(h.fake.requests.at(-1)?.status).toBe(0);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it('commits then resets: Zoho keeps no idempotency key, so a blind re-send is a duplicate, and the account must be looked up', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: ORG });
    await expectDropped(h.create(CASH));
    const stored = h.fake.accounts(ORG);
    expect(stored.map((a) => a.account_name)).toEqual(['Cash']);
    const retry = await h.create(CASH, { headers: { 'idempotency-key': 'ignored', 'x-request-id': 'ignored' } });
    expect(retry.statusCode).toBe(400);
    expect(retry.json()).toEqual({ code: 1001, message: 'Account "Cash" already exists.' });
    const found = await h.read(stored[0]?.account_id ?? '');
    expect(found.json()).toMatchObject({ account_name: 'Cash', account_code: '1000' });
    expect(h.fake.accounts(ORG)).toHaveLength(1);
  });

  it('draws random faults with a seed, per organisation', async () => {
    h = await harness({ requestsPerMinute: 1_000 });
    h.fake.injectRandomFaults({ seed: 3, faults: [{ fault: { kind: 'status', status: 500 }, probability: 0.5 }] }, { tenantId: ORG });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await h.list()).statusCode);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(70);
    expect(failed).toBeLessThan(130);
    const other = h.fake.mintTokens(OTHER_ORG);
    expect((await h.list({}, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(200);
  });
});

describe('recording and reset', () => {
  it('records every request with its answer', async () => {
    h = await harness();
    await h.create(ADVERTISING);
    await h.list({ filter_by: 'AccountType.Expense' });
    const [create, list] = h.fake.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/sandbox/zohobooks/books/v3/chartofaccounts',
      query: { organization_id: ORG },
      body: ADVERTISING,
      status: 201,
      at: h.now(),
    });
    expect(create?.headers.authorization).toBe(`Zoho-oauthtoken ${h.tokens.access_token}`);
    expect(list).toMatchObject({
      method: 'GET',
      query: { organization_id: ORG, filter_by: 'AccountType.Expense' },
      status: 200,
      body: undefined,
    });
  });

  it('forgets accounts, limits, faults, watermarks and requests on reset', async () => {
    h = await harness({ requestsPerMinute: 2 });
    const first = accountOf(await h.create(CASH));
    await h.list();
    h.fake.injectFault({ kind: 'status', status: 500 });
    h.fake.expireAccessTokens(ORG);
    h.fake.reset();
    expect(h.fake.accounts(ORG)).toEqual([]);
    expect(h.fake.requests).toEqual([]);
    const again = accountOf(await h.create(CASH));
    expect(again.account_id).toBe(first.account_id);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list()).statusCode).toBe(429);
  });
});
