import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createXeroFake } from '../xero/index.js';
import { createPennylaneFake } from './index.js';
import type { Harness } from './test-support.js';
import { accountOf, BANK, COMPANY, harness, OTHER_COMPANY, SECRET, TOKEN_URL } from './test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

function expectUnauthorized(response: LightMyRequestResponse, message: string) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual({ error: message, status: 401 });
  expect(response.headers['www-authenticate']).toBe(`Bearer realm="Doorkeeper", error="invalid_token", error_description="${message}"`);
  // The limiter runs before authentication: a refused token is still counted and told so.
  expect(response.headers['ratelimit-limit']).toBe('25');
}

describe('bearer token', () => {
  it('answers 401 without a token, with a malformed, forged or refresh token, and stores nothing', async () => {
    expectUnauthorized(await h.create(BANK, { headers: { authorization: '' } }), 'The access token is invalid');
    expectUnauthorized(await h.create(BANK, { token: 'not-a-token' }), 'The access token is invalid');
    const [body, mac] = h.tokens.access_token.split('.') as [string, string];
    const forged = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${mac}`;
    expectUnauthorized(await h.create(BANK, { token: forged }), 'The access token is invalid');
    expectUnauthorized(await h.create(BANK, { token: h.tokens.refresh_token }), 'The access token is invalid');
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });

  it('takes the company from the token: each company sees only its own ledger accounts', async () => {
    const mine = accountOf(await h.create(BANK));
    const other = h.fake.mintTokens(OTHER_COMPANY).access_token;
    expect((await h.list({}, { token: other })).json()).toEqual({ items: [], has_more: false, next_cursor: null });
    expect((await h.read(mine.id, { token: other })).statusCode).toBe(404);
    // The same number is free in the other company.
    expect((await h.create(BANK, { token: other })).statusCode).toBe(201);
    expect(h.fake.accounts(COMPANY)).toEqual([mine]);
    expect(h.fake.accounts(OTHER_COMPANY).map((a) => a.number)).toEqual(['512100']);
  });

  it('expires an access token after 24 hours, and every token of a company on demand', async () => {
    expect(h.tokens).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, scope: 'ledger_accounts:all categories:readonly', created_at: 1_748_804_400 });
    h.advance(86_400_000 - 1);
    expect((await h.list()).statusCode).toBe(200);
    h.advance(1);
    expectUnauthorized(await h.list(), 'The access token expired');

    const fresh = h.fake.mintTokens(COMPANY);
    const other = h.fake.mintTokens(OTHER_COMPANY);
    h.fake.expireAccessTokens(COMPANY);
    expectUnauthorized(await h.list({}, { token: fresh.access_token }), 'The access token expired');
    expect((await h.list({}, { token: other.access_token })).statusCode).toBe(200);
    expect((await h.list({}, { token: h.fake.mintTokens(COMPANY).access_token })).statusCode).toBe(200);
  });

  it('accepts tokens another process minted with the same secret, and refuses a Xero token', async () => {
    const cli = createPennylaneFake({ secret: SECRET });
    expect(cli.clientSecret).toBe(h.fake.clientSecret);
    expect((await h.list({}, { token: cli.mintTokens(COMPANY).access_token })).statusCode).toBe(200);
    const xero = createXeroFake({ secret: SECRET }).mintTokens(COMPANY);
    expectUnauthorized(await h.list({}, { token: xero.access_token }), 'The access token is invalid');
  });
});

describe('scopes', () => {
  it('needs ledger_accounts:all to create, and a ledger_accounts scope to read', async () => {
    h.fake.grantScopes(COMPANY, ['ledger_accounts:readonly']);
    const refused = await h.create(BANK);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'Forbidden: this token needs one of these scopes: ledger_accounts:all', status: 403 });
    expect(h.fake.accounts(COMPANY)).toEqual([]);
    expect((await h.list()).statusCode).toBe(200);

    h.fake.grantScopes(COMPANY, ['customer_invoices:all']);
    expect((await h.list()).statusCode).toBe(403);
    expect(h.fake.mintTokens(COMPANY).scope).toBe('customer_invoices:all');
  });

  // Pennylane's 2026 API changes replaced `ledger` with ledger_accounts:*, journals:* and ledger_entries:*.
  it('refuses a token that holds only the retired ledger scope, for writes and reads alike', async () => {
    h.fake.grantScopes(COMPANY, ['ledger']);
    const refused = await h.create(BANK);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'Forbidden: this token needs one of these scopes: ledger_accounts:all', status: 403 });
    const listed = await h.list();
    expect(listed.statusCode).toBe(403);
    expect(listed.json()).toEqual({
      error: 'Forbidden: this token needs one of these scopes: ledger_accounts:readonly, ledger_accounts:all',
      status: 403,
    });
    expect((await h.read(1)).statusCode).toBe(403);
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });
});

describe('POST /oauth/token', () => {
  it("exchanges a refresh token given with form client credentials for a new pair, in Doorkeeper's shape", async () => {
    h.advance(3_600_000);
    const response = await h.refresh(h.tokens.refresh_token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json() as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86_400,
      refresh_token: expect.any(String),
      scope: 'ledger_accounts:all categories:readonly',
      created_at: 1_748_808_000,
    });
    expect((await h.create(BANK, { token: body.access_token as string })).statusCode).toBe(201);
  });

  it('rotates: the used refresh token answers invalid_grant and its access token stops working', async () => {
    const rotated = (await h.refresh(h.tokens.refresh_token)).json() as { access_token: string; refresh_token: string };
    const again = await h.refresh(h.tokens.refresh_token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    });
    expectUnauthorized(await h.list(), 'The access token was revoked');
    expect((await h.list({}, { token: rotated.access_token })).statusCode).toBe(200);
    expect((await h.refresh(rotated.refresh_token)).statusCode).toBe(200);
  });

  it('refuses client credentials in HTTP Basic by default, and takes them when configured to', async () => {
    const basic = await h.refresh(h.tokens.refresh_token, { via: 'basic' });
    expect(basic.statusCode).toBe(401);
    expect(basic.json()).toMatchObject({ error: 'invalid_client' });
    const lenient = await harness({ clientAuth: 'body-or-basic' });
    try {
      expect((await lenient.refresh(lenient.tokens.refresh_token, { via: 'basic' })).statusCode).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('reads a JSON body as Rails reads params', async () => {
    expect((await h.refresh(h.tokens.refresh_token, { via: 'json' })).statusCode).toBe(200);
  });

  it('answers 401 invalid_client to a wrong secret, 400 to a missing token or another grant type', async () => {
    const wrong = await h.refresh(h.tokens.refresh_token, { clientSecret: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: 'invalid_client',
      error_description:
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    });
    const missing = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&client_id=${h.fake.clientId}&client_secret=${h.fake.clientSecret}`,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
    const code = await h.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=authorization_code&code=x&client_id=${h.fake.clientId}&client_secret=${h.fake.clientSecret}`,
    });
    expect(code.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('answers invalid_grant after revokeRefreshTokens, to an access token, and after 90 days', async () => {
    h.fake.revokeRefreshTokens(COMPANY);
    expect((await h.refresh(h.tokens.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    const fresh = h.fake.mintTokens(COMPANY);
    expect((await h.refresh(fresh.access_token)).json()).toMatchObject({ error: 'invalid_grant' });
    h.advance(90 * 86_400_000);
    expect((await h.refresh(fresh.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('leaves the token endpoint out of rate limits and faults', async () => {
    const limited = await harness({ requestsPerWindow: 1 });
    try {
      limited.fake.injectFault({ kind: 'status', status: 500 });
      const first = await limited.refresh(limited.tokens.refresh_token);
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-limit']).toBeUndefined();
      const next = (first.json() as { refresh_token: string }).refresh_token;
      expect((await limited.refresh(next)).statusCode).toBe(200);
      expect((await limited.list({}, { token: limited.fake.mintTokens(COMPANY).access_token })).statusCode).toBe(500);
    } finally {
      await limited.close();
    }
  });
});
