import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_PROVIDERS, startFakeProviders } from './index.js';
import type { RunningFakeProviders, XeroAccount } from './index.js';

const REALM = '4620816365000000001';
const XERO_TENANT = 'c2d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
let server: RunningFakeProviders;
let accessToken: string;

beforeAll(async () => {
  // Realms start empty: the first account pushed gets Id 1.
  server = await startFakeProviders({ secret: 'http-test-secret', quickbooks: { books: 'empty' } });
  accessToken = server.quickbooks.mintTokens(REALM).access_token;
});
afterAll(async () => {
  await server.close();
});

function createAccount(body: unknown, requestid: string): Promise<Response> {
  return fetch(`${server.baseUrls.quickbooks}/v3/company/${REALM}/account?minorversion=75&requestid=${requestid}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('startFakeProviders over real HTTP', () => {
  it('listens on 127.0.0.1 and exposes the QuickBooks base and token URLs', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseUrls.quickbooks).toBe(`${server.url}/sandbox/quickbooks`);
    expect(server.tokenUrls.quickbooks).toBe(`${server.url}/sandbox/quickbooks/oauth2/v1/tokens/bearer`);
  });

  it('creates an account and refreshes a token', async () => {
    const created = await createAccount({ Name: 'Checking', AccountType: 'Bank', AccountSubType: 'Checking' }, 'http-1');
    expect(created.status).toBe(200);
    expect(created.headers.get('intuit_tid')).toBeTruthy();
    expect(((await created.json()) as { Account: { Id: string } }).Account.Id).toBe('1');

    const { refresh_token } = server.quickbooks.mintTokens(REALM);
    const basic = Buffer.from(`${server.quickbooks.clientId}:${server.quickbooks.clientSecret}`).toString('base64');
    const refreshed = await fetch(server.tokenUrls.quickbooks, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  });

  it('resets the connection on a reset fault, leaving nothing behind', async () => {
    server.quickbooks.injectFault({ kind: 'reset' });
    const before = server.quickbooks.accounts(REALM).length;
    await expect(createAccount({ Name: 'Never stored', AccountType: 'Bank' }, 'http-reset')).rejects.toThrow(TypeError);
    expect(server.quickbooks.accounts(REALM)).toHaveLength(before);
    expect(server.quickbooks.requests.at(-1)?.status).toBe(0);
    const retry = await createAccount({ Name: 'Never stored', AccountType: 'Bank' }, 'http-reset');
    expect(retry.status).toBe(200);
  });

  it('commits then resets: the account exists, and a retry with the same requestid returns it once', async () => {
    server.quickbooks.injectFault({ kind: 'commit-then-reset' }, { tenantId: REALM });
    const before = server.quickbooks.accounts(REALM).length;
    await expect(createAccount({ Name: 'Committed', AccountType: 'Expense' }, 'http-commit')).rejects.toThrow(TypeError);
    const stored = server.quickbooks.accounts(REALM).filter((account) => account.Name === 'Committed');
    expect(stored).toHaveLength(1);

    const retry = await createAccount({ Name: 'Committed', AccountType: 'Expense' }, 'http-commit');
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { Account: { Id: string } }).Account.Id).toBe(stored[0]?.Id);
    expect(server.quickbooks.accounts(REALM)).toHaveLength(before + 1);

    // Without the key the retry is a second create, which the duplicate-name rule refuses.
    const keyless = await createAccount({ Name: 'Committed', AccountType: 'Expense' }, 'http-commit-2');
    expect(keyless.status).toBe(400);
    expect(((await keyless.json()) as { Fault: { Error: { code: string }[] } }).Fault.Error[0]?.code).toBe('6240');
  });
});

describe('the registry over real HTTP', () => {
  it('mounts every provider under /sandbox/<slug> and exposes each fake by slug', () => {
    expect(FAKE_PROVIDERS).toEqual(['quickbooks', 'xero', 'sage', 'zohobooks', 'pennylane']);
    expect(server.fakes.byProvider.quickbooks).toBe(server.quickbooks);
    expect(server.fakes.byProvider.xero).toBe(server.xero);
    expect(server.fakes.xero).toBe(server.xero);
    expect(server.baseUrls.xero).toBe(`${server.url}/sandbox/xero`);
    expect(server.tokenUrls.xero).toBe(`${server.url}/sandbox/xero/connect/token`);
    expect(server.tokenUrls.sage).toBe(`${server.url}/sandbox/sage/token`);
    expect(server.tokenUrls.zohobooks).toBe(`${server.url}/sandbox/zohobooks/oauth/v2/token`);
    expect(server.tokenUrls.pennylane).toBe(`${server.url}/sandbox/pennylane/oauth/token`);
    for (const slug of FAKE_PROVIDERS) expect(server.fakes.byProvider[slug]?.provider).toBe(slug);
    expect(server.xero.sandbox.newTenantId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(server.quickbooks.sandbox.newTenantId()).toMatch(/^9341\d{11}$/);
  });

  it('creates a Xero account, reads it back, refreshes a token, and survives commit-then-reset with an Idempotency-Key', async () => {
    const tokens = server.xero.mintTokens(XERO_TENANT);
    const headers = {
      authorization: `Bearer ${tokens.access_token}`,
      'xero-tenant-id': XERO_TENANT,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    const put = (body: unknown, key: string) =>
      fetch(`${server.baseUrls.xero}/api.xro/2.0/Accounts`, { method: 'PUT', headers: { ...headers, 'idempotency-key': key }, body: JSON.stringify(body) });

    const created = await put({ Code: '4000', Name: 'Online Sales', Type: 'SALES' }, 'http-1');
    expect(created.status).toBe(200);
    expect(created.headers.get('x-minlimit-remaining')).toBe('59');
    const account = ((await created.json()) as { Accounts: XeroAccount[] }).Accounts[0];
    expect(account).toMatchObject({ Code: '4000', Class: 'REVENUE', TaxType: 'OUTPUT' });
    const read = await fetch(`${server.baseUrls.xero}/api.xro/2.0/Accounts/${account?.AccountID}`, { headers });
    expect(((await read.json()) as { Accounts: XeroAccount[] }).Accounts[0]).toEqual(account);

    const basic = Buffer.from(`${server.xero.clientId}:${server.xero.clientSecret}`).toString('base64');
    const refreshed = await fetch(server.tokenUrls.xero, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });

    server.xero.injectFault({ kind: 'commit-then-reset' }, { tenantId: XERO_TENANT });
    await expect(put({ Code: '300', Name: 'Lost answer', Type: 'EXPENSE' }, 'http-2')).rejects.toThrow(TypeError);
    const stored = server.xero.accounts(XERO_TENANT).filter((a) => a.Name === 'Lost answer');
    expect(stored).toHaveLength(1);
    const retry = await put({ Code: '300', Name: 'Lost answer', Type: 'EXPENSE' }, 'http-2');
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { Accounts: XeroAccount[] }).Accounts[0]?.AccountID).toBe(stored[0]?.AccountID);
    expect(server.xero.accounts(XERO_TENANT)).toHaveLength(2);
  });
});
