import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth, expectDropped, expectEdgeProxyPage, settle } from '../shared/test-support.js';
import { OTHER_REALM, REALM, faultOf, gatewayFaultOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function expectThrottled(response: Awaited<ReturnType<Harness['read']>>) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['retry-after']).toBeUndefined();
  expect(response.json()).toMatchObject({
    Fault: {
      Error: [
        { Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request limit was reached.', code: '3001' },
      ],
      type: 'SERVICE',
    },
  });
}

describe('rate limits', () => {
  it('answers the 501st request in a minute with 429 (3001) and no Retry-After, then recovers with the next window', async () => {
    h = await harness();
    for (let i = 0; i < 500; i++) {
      const response = await h.read('1');
      expect(response.statusCode).toBe(400);
    }
    expectThrottled(await h.read('1'));
    expectThrottled(await h.create({ Name: 'Late', AccountType: 'Bank' }));
    expect(h.fake.accounts(REALM)).toEqual([]);
    // Another company has its own budget.
    const other = h.fake.mintTokens(OTHER_REALM);
    expect((await h.read('1', { realm: OTHER_REALM, token: other.access_token })).statusCode).toBe(400);
    h.advance(59_999);
    expectThrottled(await h.read('1'));
    h.advance(1);
    expect((await h.create({ Name: 'On time', AccountType: 'Bank' })).statusCode).toBe(200);
  });

  it('takes a custom per-minute budget', async () => {
    h = await harness({ requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await h.read('1')).statusCode).toBe(400);
    expectThrottled(await h.read('1'));
  });

  it('answers 429 past maxConcurrent requests in flight for a realm', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 1_000 }, { tenantId: REALM, times: 10 });
    const slow = Array.from({ length: 10 }, (_, i) => h.create({ Name: `Slow ${i}`, AccountType: 'Bank' }));
    await settle(h.fake, 10);
    expectThrottled(await h.create({ Name: 'Eleventh', AccountType: 'Bank' }));
    const other = h.fake.mintTokens(OTHER_REALM);
    expect((await h.create({ Name: 'Elsewhere', AccountType: 'Bank' }, { realm: OTHER_REALM, token: other.access_token })).statusCode).toBe(
      200,
    );
    const answers = await Promise.all(slow);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect((await h.create({ Name: 'After', AccountType: 'Bank' })).statusCode).toBe(200);
    expect(h.fake.accounts(REALM)).toHaveLength(11);
  });

  it('takes a custom concurrency cap', async () => {
    h = await harness({ maxConcurrent: 1 });
    h.fake.injectFault({ kind: 'delay', ms: 1_000 });
    const slow = h.read('1');
    await settle(h.fake, 1);
    expectThrottled(await h.read('1'));
    expect((await slow).statusCode).toBe(400);
  });
});

describe('injected faults', () => {
  it('answers an injected 500 with the gateway fault, without touching state, once by default', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await h.create({ Name: 'Cash', AccountType: 'Bank' }, { requestid: 'k1' });
    expect(failed.statusCode).toBe(500);
    expect(gatewayFaultOf(failed)).toMatchObject({
      code: '3100',
      type: 'SERVICE',
      message: 'message=InternalServerError; errorCode=003100; statusCode=500',
    });
    expect(h.fake.accounts(REALM)).toEqual([]);
    // The requestid was not remembered: the retry creates.
    const retry = await h.create({ Name: 'Cash', AccountType: 'Bank' }, { requestid: 'k1' });
    expect(retry.statusCode).toBe(200);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
  });

  it('answers an injected 429 as the throttle would', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 429 }, { times: 2 });
    expectThrottled(await h.read('1'));
    expectThrottled(await h.query('select * from Account'));
    expect((await h.read('1')).statusCode).toBe(400);
  });

  it('answers injected 502/503/504 with the edge proxy HTML page', async () => {
    h = await harness();
    for (const status of [502, 503, 504] as const) {
      h.fake.injectFault({ kind: 'status', status });
      expectEdgeProxyPage(await h.create({ Name: 'Cash', AccountType: 'Bank' }), status);
    }
    expect(h.fake.accounts(REALM)).toEqual([]);
  });

  it('applies a realm-scoped fault to that realm only', async () => {
    h = await harness();
    const other = h.fake.mintTokens(OTHER_REALM);
    h.fake.injectFault({ kind: 'status', status: 503 }, { tenantId: OTHER_REALM });
    expect((await h.read('1')).statusCode).toBe(400);
    expect((await h.read('1', { realm: OTHER_REALM, token: other.access_token })).statusCode).toBe(503);
  });

  it('delays, then handles normally', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const response = await h.create({ Name: 'Cash', AccountType: 'Bank' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.statusCode).toBe(200);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
  });

  it('leaves the OAuth endpoint and unauthenticated requests out of fault matching', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'status', status: 500 });
    const basic = basicAuth(h.fake.clientId, h.fake.clientSecret);
    const token = await h.app.inject({
      method: 'POST',
      url: '/sandbox/quickbooks/oauth2/v1/tokens/bearer',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&refresh_token=${h.tokens.refresh_token}`,
    });
    expect(token.statusCode).toBe(200);
    expect((await h.read('1', { token: 'bogus' })).statusCode).toBe(401);
    expect((await h.read('1')).statusCode).toBe(500);
  });

  it('drops the exchange on reset (inject rejects) and stores the account first on commit-then-reset', async () => {
    h = await harness();
    h.fake.injectFault({ kind: 'reset' });
    await expectDropped(h.create({ Name: 'Lost', AccountType: 'Bank' }, { requestid: 'r' }));
    expect(h.fake.accounts(REALM)).toEqual([]);
    h.fake.injectFault({ kind: 'commit-then-reset' });
    await expectDropped(h.create({ Name: 'Kept', AccountType: 'Bank' }, { requestid: 'c' }));
    expect(h.fake.accounts(REALM).map((account) => account.Name)).toEqual(['Kept']);
    expect(h.fake.requests.map((request) => request.status)).toEqual([0, 0]);
    const retry = await h.create({ Name: 'Kept', AccountType: 'Bank' }, { requestid: 'c' });
    expect(retry.statusCode).toBe(200);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
    // Both dropped requests released their in-flight slot.
    expect((await h.read('1')).statusCode).toBe(200);
  });

  it('rejects a fault it cannot honour', async () => {
    h = await harness();
    expect(() => h.fake.injectFault({ kind: 'status', status: 418 as 500 })).toThrow(RangeError);
    expect(() => h.fake.injectFault({ kind: 'delay', ms: 1 }, { times: 0 })).toThrow(RangeError);
  });
});

describe('recording and reset', () => {
  it('records every request with its answer', async () => {
    h = await harness();
    await h.create({ Name: 'Cash', AccountType: 'Bank' }, { requestid: 'r-1' });
    await h.read('9');
    const [create, read] = h.fake.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: `/sandbox/quickbooks/v3/company/${REALM}/account`,
      query: { minorversion: '75', requestid: 'r-1' },
      body: { Name: 'Cash', AccountType: 'Bank' },
      status: 200,
      at: h.now(),
    });
    expect(create?.headers.authorization).toBe(`Bearer ${h.tokens.access_token}`);
    expect(create?.headers['content-type']).toBe('application/json');
    expect(read).toMatchObject({ method: 'GET', status: 400, body: undefined });
  });

  it('keeps the last 10,000 requests only', async () => {
    h = await harness({ requestsPerMinute: 1_000_000, maxConcurrent: 1_000_000 });
    for (let i = 0; i < 10_005; i++) await h.read(String(i));
    expect(h.fake.requests).toHaveLength(10_000);
    expect(h.fake.requests[0]?.path).toMatch(/\/account\/5$/);
    expect(h.fake.requests.at(-1)?.path).toMatch(/\/account\/10004$/);
  }, 60_000);

  it('forgets accounts, idempotency keys, faults, limits and requests on reset', async () => {
    h = await harness({ requestsPerMinute: 2 });
    await h.create({ Name: 'Cash', AccountType: 'Bank' }, { requestid: 'k' });
    await h.read('1');
    h.fake.injectFault({ kind: 'status', status: 500 });
    h.fake.reset();
    expect(h.fake.accounts(REALM)).toEqual([]);
    expect(h.fake.requests).toEqual([]);
    const again = await h.create({ Name: 'Cash', AccountType: 'Bank' }, { requestid: 'k' });
    expect(again.statusCode).toBe(200);
    expect(faultOf(await h.read('2')).code).toBe('610');
  });
});
