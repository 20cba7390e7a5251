import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expectDropped, expectEdgeProxyPage } from '../shared/test-support.js';
import type { Harness, ListBody } from './test-support.js';
import { accountOf, BANK, COMPANY, FIRST_RESET, harness, OTHER_COMPANY, SERVICES, START } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function expectThrottled(response: LightMyRequestResponse, retryAfter: number, reset: string, limit = 25) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  expect(response.body).toBe(`Rate limit exceeded. Please retry in ${retryAfter} seconds.`);
  expect(response.headers['retry-after']).toBe(String(retryAfter));
  expect(response.headers['ratelimit-limit']).toBe(String(limit));
  expect(response.headers['ratelimit-remaining']).toBe('0');
  expect(response.headers['ratelimit-reset']).toBe(reset);
}

describe('rate limit: 25 requests per 5 seconds per token', () => {
  it('counts every answer down in the ratelimit-* headers and refuses the 26th with 429 until the window resets', async () => {
    h = await harness();
    for (let i = 1; i <= 25; i++) {
      const response = i % 2 ? await h.list() : await h.create({ number: `60${i}`, label: `Achats ${i}` });
      expect(response.statusCode).toBe(i % 2 ? 200 : 201);
      expect(response.headers['ratelimit-limit']).toBe('25');
      expect(response.headers['ratelimit-remaining']).toBe(String(25 - i));
      // A Unix time: the window started with the first request and lasts 5 s.
      expect(response.headers['ratelimit-reset']).toBe(FIRST_RESET);
      expect(response.headers['retry-after']).toBeUndefined();
      if (i === 10) h.advance(1_500);
    }
    const stored = h.fake.accounts(COMPANY).length;
    h.advance(1_000);
    expectThrottled(await h.create(BANK), 3, FIRST_RESET);
    expect(h.fake.accounts(COMPANY)).toHaveLength(stored);
    h.advance(2_499);
    expectThrottled(await h.list(), 1, FIRST_RESET);
    h.advance(1);
    const recovered = await h.create(BANK);
    expect(recovered.statusCode).toBe(201);
    expect(recovered.headers['ratelimit-remaining']).toBe('24');
    expect(recovered.headers['ratelimit-reset']).toBe(String((START + 10_000) / 1000));
  });

  it('gives each token its own budget by default, and counts a whole company with limitPer company', async () => {
    h = await harness({ requestsPerWindow: 2 });
    const second = h.fake.mintTokens(COMPANY).access_token;
    await h.list();
    await h.list();
    expect((await h.list()).statusCode).toBe(429);
    expect((await h.list({}, { token: second })).headers['ratelimit-remaining']).toBe('1');
    await h.close();

    h = await harness({ requestsPerWindow: 2, limitPer: 'company' });
    const sameCompany = h.fake.mintTokens(COMPANY).access_token;
    const otherCompany = h.fake.mintTokens(OTHER_COMPANY).access_token;
    await h.list();
    expect((await h.list({}, { token: sameCompany })).headers['ratelimit-remaining']).toBe('0');
    expect((await h.list({}, { token: sameCompany })).statusCode).toBe(429);
    expect((await h.list({}, { token: otherCompany })).statusCode).toBe(200);
    // An expired token still counts against its company.
    h.advance(86_400_000);
    const fresh = h.fake.mintTokens(COMPANY).access_token;
    expect((await h.list()).statusCode).toBe(401);
    expect((await h.list({}, { token: fresh })).headers['ratelimit-remaining']).toBe('0');
  });

  it('takes its limit and window from the settings', async () => {
    h = await harness({ requestsPerWindow: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect((await h.list()).headers['ratelimit-limit']).toBe('3');
    h.advance(30_000);
    expectThrottled(await h.list(), 30, String((START + 60_000) / 1000), 3);
  });
});

describe('injected faults', () => {
  it('answers an injected 429 as the limit would, storing nothing', async () => {
    h = await harness();
    h.advance(2_000);
    await h.list();
    h.advance(1_000);
    h.fake.injectFault({ kind: 'status', status: 429 });
    expectThrottled(await h.create(BANK), 4, String((START + 7_000) / 1000));
    expect(h.fake.accounts(COMPANY)).toEqual([]);
    expect((await h.create(BANK)).statusCode).toBe(201);
  });

  it("answers an injected 500 and 503 with Pennylane's envelope, 502 and 504 with a proxy page", async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await h.create(BANK);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({ error: 'Internal Server Error', status: 500 });
    expect(failed.headers['ratelimit-remaining']).toBe('24');
    h.fake.injectFault({ kind: 'status', status: 503 });
    expect((await h.create(BANK)).json()).toEqual({ error: 'Service Unavailable', status: 503 });
    for (const status of [502, 504] as const) {
      h.fake.injectFault({ kind: 'status', status });
      expectEdgeProxyPage(await h.create(BANK), status);
    }
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });

  it('applies a company-scoped fault to that company only, and never to an unauthenticated request', async () => {
    h = await harness();
    const other = h.fake.mintTokens(OTHER_COMPANY).access_token;
    h.fake.injectFault({ kind: 'status', status: 503 }, { tenantId: OTHER_COMPANY });
    expect((await h.list({}, { token: 'bogus' })).statusCode).toBe(401);
    expect((await h.list()).statusCode).toBe(200);
    expect((await h.list({}, { token: other })).statusCode).toBe(503);
  });

  it('delays, then handles normally', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const response = await h.create(BANK);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.statusCode).toBe(201);
  });

  it('drops the exchange on reset, storing nothing', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'reset' });
    await expectDropped(h.create(BANK));
    expect(h.fake.accounts(COMPANY)).toEqual([]);
    expect(h.fake.requests.at(-1)?.status).toBe(0);
    expect((await h.create(BANK)).statusCode).toBe(201);
  });

  it('commits then resets: with no idempotency key a re-sent create is refused, and a lookup by number finds the account', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: COMPANY });
    await expectDropped(h.create(SERVICES));
    const [stored] = h.fake.accounts(COMPANY);
    expect(stored).toMatchObject(SERVICES);
    // Pennylane takes no idempotency key: a blind retry is a second create.
    const retry = await h.create(SERVICES, { headers: { 'idempotency-key': 'ignored' } });
    expect(retry.json()).toEqual({ error: 'Number has already been taken', status: 422 });
    const found = (await h.list({ filter: JSON.stringify([{ field: 'number', operator: 'eq', value: '706' }]) })).json() as ListBody;
    expect(found.items).toEqual([stored]);
  });

  it('rejects a fault it cannot honour', async () => {
    h = await harness();
    expect(() => h.fake.injectFault({ kind: 'status', status: 418 as 500 })).toThrow(RangeError);
  });
});

describe('recording and reset', () => {
  it('records every request with its answer', async () => {
    h = await harness();
    await h.create(BANK);
    await h.list({ limit: '5' });
    const [create, list] = h.fake.requests;
    expect(create).toMatchObject({ method: 'POST', path: '/sandbox/pennylane/api/external/v2/ledger_accounts', body: BANK, status: 201 });
    expect(create?.headers.authorization).toBe(`Bearer ${h.tokens.access_token}`);
    expect(list).toMatchObject({ method: 'GET', query: { limit: '5' }, status: 200, body: undefined });
  });

  it('forgets accounts, ids, scopes, rotations, limits, faults, watermarks and requests on reset', async () => {
    h = await harness({ requestsPerWindow: 2 });
    await h.create(BANK);
    await h.list();
    h.fake.grantScopes(COMPANY, []);
    h.fake.injectFault({ kind: 'status', status: 500 });
    h.fake.expireAccessTokens(COMPANY);
    h.fake.reset();
    expect(h.fake.accounts(COMPANY)).toEqual([]);
    expect(h.fake.requests).toEqual([]);
    const again = await h.create(BANK);
    expect(accountOf(again).id).toBe(1);
    expect(again.headers['ratelimit-remaining']).toBe('1');
  });
});
