import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXeroFake } from '../xero/index.js';
import { createZohoBooksFake } from './index.js';
import { basicAuth } from '../shared/test-support.js';
import { CASH, ORG, OTHER_ORG, SECRET, TOKEN_URL, harness, refreshParams } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

function expectZohoError(response: LightMyRequestResponse, status: number, code: number, message: string | RegExp) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
  const body = response.json() as { code: number; message: string };
  expect(Object.keys(body)).toEqual(['code', 'message']);
  expect(body.code).toBe(code);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
}

const NOT_AUTHORIZED = 'You are not authorized to perform this operation';

describe('Zoho-oauthtoken and organization_id', () => {
  it('answers 401 code 57 without a token, with a Bearer header, a forged token or a refresh token', async () => {
    expectZohoError(await h.list({}, { headers: { authorization: '' } }), 401, 57, NOT_AUTHORIZED);
    // A valid token under the Bearer scheme is still refused: Zoho wants its own scheme.
    expectZohoError(await h.create(CASH, { headers: { authorization: `Bearer ${h.tokens.access_token}` } }), 401, 57, NOT_AUTHORIZED);
    const [body, mac] = h.tokens.access_token.split('.') as [string, string];
    const forged = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${mac}`;
    expectZohoError(await h.list({}, { token: forged }), 401, 57, NOT_AUTHORIZED);
    expectZohoError(await h.list({}, { token: h.tokens.refresh_token }), 401, 57, NOT_AUTHORIZED);
    expect(h.fake.accounts(ORG)).toEqual([]);
    // The scheme's name is case-insensitive.
    expect((await h.list({}, { headers: { authorization: `zoho-oauthtoken ${h.tokens.access_token}` } })).statusCode).toBe(200);
  });

  it('answers 400 code 2 without organization_id or with one that is not a number', async () => {
    expectZohoError(await h.create(CASH, { organizationId: '' }), 400, 2, 'Invalid value passed for organization_id');
    expectZohoError(await h.list({}, { organizationId: 'acme' }), 400, 2, 'Invalid value passed for organization_id');
    expect(h.fake.accounts(ORG)).toEqual([]);
  });

  it("answers 400 code 6041 for an organisation the token's user does not belong to", async () => {
    expectZohoError(
      await h.create(CASH, { organizationId: OTHER_ORG }),
      400,
      6041,
      `This user is not associated with the CompanyID/CompanyName:${OTHER_ORG}.`,
    );
    const other = h.fake.mintTokens(OTHER_ORG);
    expect((await h.create(CASH, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(201);
    expect(h.fake.accounts(ORG)).toEqual([]);
    expect(h.fake.accounts(OTHER_ORG).map((a) => a.account_name)).toEqual(['Cash']);
  });

  it('expires an access token after an hour, and every token of an organisation on demand', async () => {
    expect(h.tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: 'https://www.zohoapis.com' });
    h.advance(3_599_999);
    expect((await h.list()).statusCode).toBe(200);
    h.advance(1);
    expectZohoError(await h.list(), 401, 57, NOT_AUTHORIZED);

    const fresh = h.fake.mintTokens(ORG);
    const other = h.fake.mintTokens(OTHER_ORG);
    h.fake.expireAccessTokens(ORG);
    expectZohoError(await h.list({}, { token: fresh.access_token }), 401, 57, NOT_AUTHORIZED);
    expect((await h.list({}, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(200);
    expect((await h.list({}, { token: h.fake.mintTokens(ORG).access_token })).statusCode).toBe(200);
  });

  it('accepts tokens minted by another process holding the same secret, and refuses those of another provider', async () => {
    const cli = createZohoBooksFake({ secret: SECRET });
    expect(cli.clientSecret).toBe(h.fake.clientSecret);
    expect((await h.list({}, { token: cli.mintTokens(ORG).access_token })).statusCode).toBe(200);
    const xero = createXeroFake({ secret: SECRET }).mintTokens(ORG);
    expectZohoError(await h.list({}, { token: xero.access_token }), 401, 57, NOT_AUTHORIZED);
    expect((await h.refresh(refreshParams(h.fake, xero.refresh_token))).json()).toEqual({ error: 'invalid_code' });
  });
});

describe('POST /oauth/v2/token', () => {
  it('answers a new access token with the data centre, and no refresh token: the same one keeps working', async () => {
    h.advance(2 * 3600_000);
    const first = await h.refresh(refreshParams(h.fake, h.tokens.refresh_token));
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = first.json() as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      api_domain: 'https://www.zohoapis.com',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    expect((await h.list({}, { token: body.access_token as string })).statusCode).toBe(200);
    h.advance(30 * 24 * 3600_000);
    const later = await h.refresh(refreshParams(h.fake, h.tokens.refresh_token));
    expect(later.json()).toMatchObject({ access_token: expect.any(String) });
  });

  it('takes the parameters as a form body as well as in the query string', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(refreshParams(h.fake, h.tokens.refresh_token)).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });

  it("answers its errors with HTTP 200 and Zoho's error words", async () => {
    const valid = refreshParams(h.fake, h.tokens.refresh_token);
    const cases: [Record<string, string>, string][] = [
      [{ ...valid, client_id: 'someone-else' }, 'invalid_client'],
      [{ ...valid, client_secret: 'nope' }, 'invalid_client_secret'],
      [{ ...valid, grant_type: 'authorization_code' }, 'unsupported_grant_type'],
      [{ ...valid, refresh_token: h.tokens.access_token }, 'invalid_code'],
      [{ ...valid, refresh_token: '' }, 'invalid_code'],
    ];
    for (const [params, error] of cases) {
      const response = await h.refresh(params);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ error });
    }
    // Basic auth is not how Zoho takes the client: without the parameters the client is unknown.
    const basic = await h.app.inject({
      method: 'POST',
      url: `${TOKEN_URL}?grant_type=refresh_token&refresh_token=${h.tokens.refresh_token}`,
      headers: { authorization: basicAuth(h.fake.clientId, h.fake.clientSecret) },
    });
    expect(basic.json()).toEqual({ error: 'invalid_client' });
  });

  it('answers invalid_code once the refresh tokens of the organisation are revoked', async () => {
    const other = h.fake.mintTokens(OTHER_ORG);
    h.fake.revokeRefreshTokens(ORG);
    const revoked = await h.refresh(refreshParams(h.fake, h.tokens.refresh_token));
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ error: 'invalid_code' });
    expect((await h.refresh(refreshParams(h.fake, other.refresh_token))).json()).toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses the 11th exchange of one refresh token within 10 minutes with 400 Access Denied', async () => {
    const params = refreshParams(h.fake, h.tokens.refresh_token);
    for (let i = 0; i < 10; i++) {
      expect((await h.refresh(params)).json()).toMatchObject({ token_type: 'Bearer' });
      h.advance(1_000);
    }
    const refused = await h.refresh(params);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      error: 'Access Denied',
      status: 'failure',
    });
    // Another refresh token has its own count.
    expect((await h.refresh(refreshParams(h.fake, h.fake.mintTokens(ORG).refresh_token))).statusCode).toBe(200);
    // The first exchange leaves the window 10 minutes after it was made.
    h.advance(10 * 60_000 - 10_000);
    expect((await h.refresh(params)).json()).toMatchObject({ token_type: 'Bearer' });
  });

  it('leaves the token endpoint out of rate limits and faults', async () => {
    const limited = await harness({ requestsPerMinute: 1 });
    try {
      limited.fake.injectFault({ kind: 'status', status: 500 });
      expect((await limited.refresh(refreshParams(limited.fake, limited.tokens.refresh_token))).statusCode).toBe(200);
      expect((await limited.refresh(refreshParams(limited.fake, limited.tokens.refresh_token))).statusCode).toBe(200);
      expect((await limited.list()).statusCode).toBe(500);
      expect((await limited.list()).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
