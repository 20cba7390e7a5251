import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicAuth, formRefreshRequest } from '../shared/test-support.js';
import { createXeroFake } from '../xero/index.js';
import { createSageFake } from './index.js';
import { BUSINESS, CASH, OTHER_BUSINESS, SECRET, TOKEN_URL, accountOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

function expectAccessDenied(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual([{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Access denied.', $source: '' }]);
  // Refused before the business is resolved: no X-Business echoed.
  expect(response.headers['x-business']).toBeUndefined();
}

describe('bearer token', () => {
  it('answers 401 without a token, with a malformed, forged or refresh token, storing nothing', async () => {
    expectAccessDenied(await h.create(CASH, { headers: { authorization: '' } }));
    expectAccessDenied(await h.create(CASH, { token: 'not-a-token' }));
    const [body, mac] = h.tokens.access_token.split('.') as [string, string];
    const forged = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${mac}`;
    expectAccessDenied(await h.create(CASH, { token: forged }));
    expectAccessDenied(await h.create(CASH, { token: h.tokens.refresh_token }));
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('expires an access token after 5 minutes', async () => {
    expect(h.tokens).toMatchObject({ expires_in: 300, token_type: 'bearer', scope: 'full_access', refresh_token_expires_in: 2_678_400 });
    h.advance(299_999);
    expect((await h.list()).statusCode).toBe(200);
    h.advance(1);
    expectAccessDenied(await h.list());
  });

  it('expires every access token issued so far for a business on demand, and only those', async () => {
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    h.fake.expireAccessTokens(BUSINESS);
    expectAccessDenied(await h.list());
    const fresh = h.fake.mintTokens(BUSINESS);
    expect((await h.list({}, { token: fresh.access_token })).statusCode).toBe(200);
    expect((await h.list({}, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(200);
  });

  it('accepts tokens minted by another process holding the same secret, and refuses a Xero token', async () => {
    const cli = createSageFake({ secret: SECRET });
    expect(cli.clientSecret).toBe(h.fake.clientSecret);
    expect((await h.list({}, { token: cli.mintTokens(BUSINESS).access_token })).statusCode).toBe(200);
    expectAccessDenied(await h.list({}, { token: createXeroFake({ secret: SECRET }).mintTokens(BUSINESS).access_token }));
  });
});

describe('X-Business', () => {
  it("routes a request without X-Business to the user's lead business, and says which", async () => {
    const created = await h.create(CASH, { headers: { 'x-business': '' } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['x-business']).toBe(BUSINESS);
    expect(h.fake.accounts(BUSINESS)).toEqual([accountOf(created)]);
  });

  it('answers 401 to a business the user cannot access, storing nothing there', async () => {
    expectAccessDenied(await h.create(CASH, { business: OTHER_BUSINESS }));
    expectAccessDenied(await h.create(CASH, { business: 'not-a-business' }));
    expect(h.fake.accounts(OTHER_BUSINESS)).toEqual([]);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });
});

describe('POST /token', () => {
  it('exchanges a refresh token for a new pair that works, answered as Sage does', async () => {
    h.advance(10 * 60_000);
    const response = await h.refresh(h.tokens.refresh_token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json() as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      scope: 'full_access',
      token_type: 'bearer',
      expires_in: 300,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2_678_400,
      requested_by_id: h.tokens.requested_by_id,
    });
    expect(body.refresh_token).not.toBe(h.tokens.refresh_token);
    expect((await h.list({}, { token: body.access_token as string })).statusCode).toBe(200);
  });

  it('rotates refresh tokens: the old one answers invalid_grant once used, the new one works', async () => {
    const first = await h.refresh(h.tokens.refresh_token);
    expect(first.statusCode).toBe(200);
    const again = await h.refresh(h.tokens.refresh_token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ error: 'invalid_grant' });
    const rotated = (first.json() as { refresh_token: string }).refresh_token;
    const second = await h.refresh(rotated);
    expect(second.statusCode).toBe(200);
    expect((await h.refresh(rotated)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('lets a refresh token be reused when rotation is turned off', async () => {
    const lenient = await harness({ rotateRefreshTokens: false });
    try {
      expect((await lenient.refresh(lenient.tokens.refresh_token)).statusCode).toBe(200);
      expect((await lenient.refresh(lenient.tokens.refresh_token)).statusCode).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('answers invalid_grant after revokeRefreshTokens, to an access token, and after 31 days', async () => {
    h.fake.revokeRefreshTokens(BUSINESS);
    expect((await h.refresh(h.tokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    const fresh = h.fake.mintTokens(BUSINESS);
    expect((await h.refresh(fresh.access_token)).json()).toEqual({ error: 'invalid_grant' });
    h.advance(31 * 24 * 3600_000);
    const expired = await h.refresh(fresh.refresh_token);
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toEqual({ error: 'invalid_grant' });
  });

  it('takes the client credentials as form fields only: HTTP Basic, or both at once, is an unauthenticated client', async () => {
    const invalidClient = (response: LightMyRequestResponse) => {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'invalid_client' });
    };
    invalidClient(await h.refresh(h.tokens.refresh_token, { clientSecret: 'nope' }));
    invalidClient(await h.refresh(h.tokens.refresh_token, { via: 'basic' }));
    // Both methods at once (RFC 6749 §2.3: one method per request): refused too.
    invalidClient(
      await h.app.inject({
        ...formRefreshRequest(TOKEN_URL, h.tokens.refresh_token, h.fake.clientId, h.fake.clientSecret),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(h.fake.clientId, h.fake.clientSecret) },
      }),
    );
    // A refused client spends nothing: the refresh token still works, once.
    expect((await h.refresh(h.tokens.refresh_token)).statusCode).toBe(200);
  });

  it('leaves the token endpoint out of rate limits and faults', async () => {
    const limited = await harness({ requestsPerWindow: 1 });
    try {
      limited.fake.injectFault({ kind: 'status', status: 500 });
      const refreshed = await limited.refresh(limited.tokens.refresh_token);
      expect(refreshed.statusCode).toBe(200);
      expect((await limited.list()).statusCode).toBe(500);
      expect((await limited.list()).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
