import Fastify from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQuickbooksFake } from '../quickbooks/index.js';
import { createXeroFake } from './index.js';
import { basicAuth } from '../shared/test-support.js';
import { EXPENSE, OTHER_TENANT, SECRET, TENANT, TOKEN_URL, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectProblem(response: LightMyRequestResponse, status: number, title: string, detail: string | RegExp) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as { Type: null; Title: string; Status: number; Detail: string; Instance: string; Extensions: object };
  expect(body).toMatchObject({ Type: null, Title: title, Status: status, Extensions: {} });
  expect(body.Instance).toMatch(UUID);
  if (typeof detail === 'string') expect(body.Detail).toBe(detail);
  else expect(body.Detail).toMatch(detail);
  // Refused before the limiter: nothing counted, no limit headers.
  expect(response.headers['x-minlimit-remaining']).toBeUndefined();
}

describe('bearer token and tenant', () => {
  it('answers 401 AuthenticationUnsuccessful without a token, with a malformed one or a forged one', async () => {
    expectProblem(await h.read('x', { headers: { authorization: '' } }), 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    expectProblem(await h.read('x', { token: 'not-a-token' }), 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    const [body, mac] = h.tokens.access_token.split('.') as [string, string];
    const forged = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${mac}`;
    expectProblem(await h.read('x', { token: forged }), 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    expectProblem(await h.read('x', { token: h.tokens.refresh_token }), 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    expect(h.fake.accounts(TENANT)).toEqual([]);
  });

  it('answers 403 AuthenticationUnsuccessful without xero-tenant-id, and for a tenant the token was not minted for', async () => {
    expectProblem(await h.create(EXPENSE, { headers: { 'xero-tenant-id': '' } }), 403, 'Forbidden', 'AuthenticationUnsuccessful');
    expectProblem(await h.create(EXPENSE, { tenant: OTHER_TENANT }), 403, 'Forbidden', 'AuthenticationUnsuccessful');
    const other = h.fake.mintTokens(OTHER_TENANT);
    expectProblem(await h.create(EXPENSE, { token: other.access_token }), 403, 'Forbidden', 'AuthenticationUnsuccessful');
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect(h.fake.accounts(OTHER_TENANT)).toEqual([]);
    // The tenant id is a GUID: its case does not matter.
    expect((await h.create(EXPENSE, { tenant: TENANT.toUpperCase() })).statusCode).toBe(200);
  });

  it('expires an access token after 30 minutes with TokenExpired and the expiry time', async () => {
    expect(h.tokens).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: expect.stringContaining('accounting.settings') });
    h.advance(1_799_999);
    expect((await h.list()).statusCode).toBe(200);
    h.advance(1);
    // START is 2025-06-01T19:00:00Z; the token expired at 19:30:00.
    expectProblem(await h.list(), 401, 'Unauthorized', 'TokenExpired: token expired at 06/01/2025 19:30:00');
  });

  it('expires every access token issued so far for a tenant on demand, and only those', async () => {
    const other = h.fake.mintTokens(OTHER_TENANT);
    h.advance(60_000);
    h.fake.expireAccessTokens(TENANT);
    expectProblem(await h.list(), 401, 'Unauthorized', 'TokenExpired: token expired at 06/01/2025 19:01:00');
    const fresh = h.fake.mintTokens(TENANT);
    expect((await h.list({}, { token: fresh.access_token })).statusCode).toBe(200);
    expect((await h.list({}, { tenant: OTHER_TENANT, token: other.access_token })).statusCode).toBe(200);
  });

  it('accepts tokens minted by another process holding the same secret', async () => {
    const cli = createXeroFake({ secret: SECRET });
    expect(cli.clientSecret).toBe(h.fake.clientSecret);
    const tokens = cli.mintTokens(TENANT);
    expect((await h.list({}, { token: tokens.access_token })).statusCode).toBe(200);
    expect((await h.refresh(tokens.refresh_token)).statusCode).toBe(200);
  });
});

describe('tokens are separated per provider', () => {
  it('refuses a QuickBooks token at Xero and a Xero token at QuickBooks, even with the same secret', async () => {
    const quickbooks = createQuickbooksFake({ secret: SECRET, books: 'empty' });
    const qbTokens = quickbooks.mintTokens(TENANT);
    expectProblem(await h.list({}, { token: qbTokens.access_token }), 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    expect((await h.refresh(qbTokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    expect(quickbooks.clientSecret).not.toBe(h.fake.clientSecret);

    const app = Fastify({ logger: false });
    await app.register(quickbooks.plugin, { prefix: '/sandbox/quickbooks' });
    try {
      const atQuickbooks = await app.inject({
        method: 'GET',
        url: `/sandbox/quickbooks/v3/company/${TENANT}/account/1?minorversion=75`,
        headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: 'application/json' },
      });
      expect(atQuickbooks.statusCode).toBe(401);
      const own = await app.inject({
        method: 'GET',
        url: `/sandbox/quickbooks/v3/company/${TENANT}/account/1?minorversion=75`,
        headers: { authorization: `Bearer ${qbTokens.access_token}`, accept: 'application/json' },
      });
      expect(own.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe('POST /connect/token', () => {
  it('exchanges a refresh token for a new pair that works', async () => {
    h.advance(2 * 3600_000);
    const response = await h.refresh(h.tokens.refresh_token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json() as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      expires_in: 1800,
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      scope: 'offline_access accounting.settings',
    });
    expect(body.refresh_token).not.toBe(h.tokens.refresh_token);
    expect((await h.list({}, { token: body.access_token as string })).statusCode).toBe(200);
  });

  it('rotates refresh tokens: the old one works again for 30 minutes after its first use, then answers invalid_grant', async () => {
    const first = await h.refresh(h.tokens.refresh_token);
    expect(first.statusCode).toBe(200);
    const rotated = (first.json() as { refresh_token: string }).refresh_token;
    h.advance(30 * 60_000 - 1);
    // A client that lost the answer may retry with the old token during the grace period.
    expect((await h.refresh(h.tokens.refresh_token)).statusCode).toBe(200);
    h.advance(1);
    const late = await h.refresh(h.tokens.refresh_token);
    expect(late.statusCode).toBe(400);
    expect(late.json()).toEqual({ error: 'invalid_grant' });
    expect((await h.refresh(rotated)).statusCode).toBe(200);
  });

  it('honours a custom grace period', async () => {
    const strict = await harness({ refreshGraceMs: 0 });
    try {
      expect((await strict.refresh(strict.tokens.refresh_token)).statusCode).toBe(200);
      expect((await strict.refresh(strict.tokens.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
    } finally {
      await strict.close();
    }
  });

  it('answers invalid_grant after revokeRefreshTokens, to an access token, and after 60 days', async () => {
    h.fake.revokeRefreshTokens(TENANT);
    const revoked = await h.refresh(h.tokens.refresh_token);
    expect(revoked.statusCode).toBe(400);
    expect(revoked.json()).toEqual({ error: 'invalid_grant' });
    const fresh = h.fake.mintTokens(TENANT);
    expect((await h.refresh(h.tokens.access_token)).json()).toEqual({ error: 'invalid_grant' });
    h.advance(60 * 24 * 3600_000);
    expect((await h.refresh(fresh.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
  });

  it("answers 400 invalid_client to wrong or missing client credentials, as Xero's identity server does", async () => {
    const wrong = await h.refresh(h.tokens.refresh_token, h.fake.clientId, 'nope');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: 'invalid_client' });
    const none = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&refresh_token=${h.tokens.refresh_token}`,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toEqual({ error: 'invalid_client' });
  });

  it('refuses other grant types and bodies that are not a form', async () => {
    const basic = basicAuth(h.fake.clientId, h.fake.clientSecret);
    const code = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=authorization_code&code=x',
    });
    expect(code.json()).toEqual({ error: 'unsupported_grant_type' });
    const json = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { authorization: basic, 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'refresh_token', refresh_token: h.tokens.refresh_token }),
    });
    expect(json.json()).toEqual({ error: 'invalid_request' });
  });

  it('leaves the token endpoint out of rate limits and faults', async () => {
    const limited = await harness({ requestsPerMinute: 1 });
    try {
      limited.fake.injectFault({ kind: 'status', status: 500 });
      expect((await limited.refresh(limited.tokens.refresh_token)).statusCode).toBe(200);
      expect((await limited.refresh(limited.tokens.refresh_token)).statusCode).toBe(200);
      expect((await limited.list()).statusCode).toBe(500);
      expect((await limited.list()).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
