import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQuickbooksFake } from './index.js';
import { basicAuth } from '../shared/test-support.js';
import { OTHER_REALM, PREFIX, REALM, SECRET, gatewayFaultOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const TOKEN_URL = `${PREFIX}/oauth2/v1/tokens/bearer`;

function refresh(refreshToken: string, clientId = h.fake.clientId, clientSecret = h.fake.clientSecret) {
  return h.app.inject({
    method: 'POST',
    url: TOKEN_URL,
    headers: {
      authorization: basicAuth(clientId, clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    payload: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
}

async function expectAuthenticationFailed(response: Awaited<ReturnType<Harness['read']>>, detail: RegExp) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['retry-after']).toBeUndefined();
  expect(response.headers.intuit_tid).toBeDefined();
  expect(gatewayFaultOf(response)).toMatchObject({
    message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    code: '3200',
    type: 'AUTHENTICATION',
  });
  expect(gatewayFaultOf(response).detail).toMatch(detail);
}

describe('bearer tokens on the API', () => {
  it('refuses a request without a token, with a malformed one, or with a forged one', async () => {
    await expectAuthenticationFailed(await h.query('select * from Account', { headers: { authorization: '' } }), /./);
    const noHeader = await h.app.inject({
      method: 'GET',
      url: `${PREFIX}/v3/company/${REALM}/account/1`,
      headers: { accept: 'application/json' },
    });
    await expectAuthenticationFailed(noHeader, /missing/);
    await expectAuthenticationFailed(await h.query('select * from Account', { token: 'not-a-token' }), /invalid/i);
    const [body, mac] = h.tokens.access_token.split('.') as [string, string];
    const flipped = body[10] === 'A' ? 'B' : 'A';
    const forged = `${body.slice(0, 10)}${flipped}${body.slice(11)}.${mac}`;
    await expectAuthenticationFailed(await h.query('select * from Account', { token: forged }), /invalid/i);
    const foreign = createQuickbooksFake({ secret: 'another-secret' }).mintTokens(REALM);
    await expectAuthenticationFailed(await h.query('select * from Account', { token: foreign.access_token }), /invalid/i);
    await expectAuthenticationFailed(await h.query('select * from Account', { token: h.tokens.refresh_token }), /invalid/i);
  });

  it('expires an access token after an hour', async () => {
    expect((await h.query('select * from Account')).statusCode).toBe(200);
    h.advance(3_599_000);
    expect((await h.query('select * from Account')).statusCode).toBe(200);
    h.advance(1_000);
    await expectAuthenticationFailed(await h.query('select * from Account'), /^Token expired/);
  });

  it('honours a custom access token lifetime', async () => {
    const short = h.fake.mintTokens(REALM, { accessTtlSeconds: 60 });
    expect(short.expires_in).toBe(60);
    h.advance(60_000);
    await expectAuthenticationFailed(await h.query('select * from Account', { token: short.access_token }), /^Token expired/);
  });

  it('expires every access token issued so far for a realm on demand, and only those', async () => {
    const other = h.fake.mintTokens(OTHER_REALM);
    h.fake.expireAccessTokens(REALM);
    await expectAuthenticationFailed(await h.query('select * from Account'), /^Token expired/);
    // Same frozen millisecond: a token minted after the call still works.
    const fresh = h.fake.mintTokens(REALM);
    expect((await h.query('select * from Account', { token: fresh.access_token })).statusCode).toBe(200);
    expect((await h.query('select * from Account', { realm: OTHER_REALM, token: other.access_token })).statusCode).toBe(200);
  });

  it('answers 403 (3100) to a valid token for another company', async () => {
    const other = h.fake.mintTokens(OTHER_REALM);
    const response = await h.query('select * from Account', { token: other.access_token });
    expect(response.statusCode).toBe(403);
    expect(gatewayFaultOf(response)).toMatchObject({
      message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
      code: '3100',
      type: 'SERVICE',
    });
  });

  it('accepts tokens minted by another process holding the same secret', async () => {
    const cli = createQuickbooksFake({ secret: SECRET });
    const tokens = cli.mintTokens(REALM);
    expect(cli.clientSecret).toBe(h.fake.clientSecret);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_640_000 });
    expect((await h.query('select * from Account', { token: tokens.access_token })).statusCode).toBe(200);
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(200);
  });
});

describe('token endpoint', () => {
  it('exchanges a refresh token for a new pair, leaving the old refresh token valid', async () => {
    const response = await refresh(h.tokens.refresh_token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json() as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_640_000 });
    expect(body.access_token).not.toBe(h.tokens.access_token);
    expect(body.refresh_token).not.toBe(h.tokens.refresh_token);
    expect((await h.query('select * from Account', { token: body.access_token as string })).statusCode).toBe(200);
    expect((await refresh(h.tokens.refresh_token)).statusCode).toBe(200);
    expect((await refresh(body.refresh_token as string)).statusCode).toBe(200);
  });

  it('refreshes an expired access token into a working one', async () => {
    h.advance(2 * 3600_000);
    await expectAuthenticationFailed(await h.query('select * from Account'), /^Token expired/);
    const renewed = (await refresh(h.tokens.refresh_token)).json() as { access_token: string };
    expect((await h.query('select * from Account', { token: renewed.access_token })).statusCode).toBe(200);
  });

  it('answers invalid_grant after revokeRefreshTokens, for an expired refresh token, or for an access token', async () => {
    h.fake.revokeRefreshTokens(REALM);
    const revoked = await refresh(h.tokens.refresh_token);
    expect(revoked.statusCode).toBe(400);
    expect(revoked.json()).toEqual({ error: 'invalid_grant' });
    const fresh = h.fake.mintTokens(REALM);
    expect((await refresh(fresh.refresh_token)).statusCode).toBe(200);

    expect((await refresh(fresh.access_token)).json()).toEqual({ error: 'invalid_grant' });
    h.advance(100 * 24 * 3600_000);
    expect((await refresh(fresh.refresh_token)).json()).toEqual({ error: 'invalid_grant' });
  });

  it('answers 401 invalid_client to a wrong client secret or client id', async () => {
    const wrongSecret = await refresh(h.tokens.refresh_token, h.fake.clientId, 'nope');
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toEqual({ error: 'invalid_client' });
    expect((await refresh(h.tokens.refresh_token, 'someone-else', h.fake.clientSecret)).statusCode).toBe(401);
    const noAuth = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&refresh_token=${h.tokens.refresh_token}`,
    });
    expect(noAuth.statusCode).toBe(401);
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
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({ error: 'invalid_request' });
  });

  it('derives a deterministic client secret from the secret and client id', () => {
    const a = createQuickbooksFake({ secret: 's1' });
    expect(a.clientId).toBe('ledgersync-sandbox');
    expect(createQuickbooksFake({ secret: 's1' }).clientSecret).toBe(a.clientSecret);
    expect(createQuickbooksFake({ secret: 's2' }).clientSecret).not.toBe(a.clientSecret);
    expect(createQuickbooksFake({ secret: 's1', clientId: 'other' }).clientSecret).not.toBe(a.clientSecret);
  });
});
