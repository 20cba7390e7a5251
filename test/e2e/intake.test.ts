import { accounts, connections } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The intake alone (no workers): authentication, isolation, validation, reads and pages.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

const rowCount = async (connectionId: string) =>
  (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, connectionId)))[0]?.n ?? 0;

describe('authentication', () => {
  it('answers 401 to a missing, malformed, unknown or revoked key, and stores nothing', async () => {
    const t = await h.tenant();
    for (const headers of [
      {},
      { 'x-api-key': 'nope' },
      // Another last character (a key that already ends in x must not stay valid).
      { 'x-api-key': `${t.apiKey.slice(0, -1)}${t.apiKey.endsWith('x') ? 'y' : 'x'}` },
      { authorization: 'Basic Zm9vOmJhcg==' },
    ]) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/accounting/accounts',
        headers: { ...headers, 'x-connection-token': t.connectionToken },
        payload: { name: 'Cash', type: 'Bank' },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ statusCode: 401, error: 'unauthorized', request_id: expect.any(String) });
    }
    expect(await rowCount(t.connectionId)).toBe(0);
  });

  it("accepts Authorization: Bearer, and ignores the SDK's empty Basic header next to x-api-key", async () => {
    const t = await h.tenant();
    const bearer = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { authorization: `Bearer ${t.apiKey}`, 'x-connection-token': t.connectionToken },
      payload: { name: 'Bearer Cash', type: 'Bank' },
    });
    expect(bearer.statusCode).toBe(201);
    const sdkStyle = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { 'x-api-key': t.apiKey, authorization: 'Basic ', 'x-connection-token': t.connectionToken },
      payload: { name: 'SDK Cash', type: 'Bank' },
    });
    expect(sdkStyle.statusCode).toBe(201);
    expect(await rowCount(t.connectionId)).toBe(2);
  });
});

describe('tenant isolation', () => {
  it("refuses another project's connection token and never shows another project's account", async () => {
    const mine = await h.tenant();
    const theirs = await h.tenant();
    const theirAccount = await h.postAccount(theirs, { name: 'Their Cash', type: 'Bank' });
    const theirId = theirAccount.json().id as string;

    // My key with their connection token: refused, as an unknown token would be.
    const write = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { 'x-api-key': mine.apiKey, 'x-connection-token': theirs.connectionToken },
      payload: { name: 'Sneaky', type: 'Bank' },
    });
    expect(write.statusCode).toBe(401);
    expect(write.json().error).toBe('invalid_connection_token');
    const list = await h.app.inject({
      method: 'GET',
      url: '/accounting/accounts',
      headers: { 'x-api-key': mine.apiKey, 'x-connection-token': theirs.connectionToken },
    });
    expect(list.statusCode).toBe(401);
    expect(list.body).not.toContain('Their Cash');

    // My key and token, their account id: 404, no data.
    const read = await h.getAccounts(mine, `/${theirId}`);
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('Their Cash');
    expect(await rowCount(theirs.connectionId)).toBe(1);

    // Their webhook endpoint cannot be seen, changed or deleted with my key.
    const hooks = await h.app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': mine.apiKey } });
    expect(hooks.json().map((hook: { id_webhook_endpoint: string }) => hook.id_webhook_endpoint)).toEqual([mine.webhookId]);
    for (const method of ['DELETE', 'PUT'] as const) {
      const response = await h.app.inject({
        method,
        url: `/webhooks/${theirs.webhookId}`,
        headers: { 'x-api-key': mine.apiKey },
        ...(method === 'PUT' ? { payload: { active: false } } : {}),
      });
      expect(response.statusCode).toBe(404);
    }
  });
});

describe('validation', () => {
  it('answers 400 naming every malformed field, and stores nothing', async () => {
    const t = await h.tenant();
    const response = await h.postAccount(t, { name: 42, current_balance: 'lots', currency: 'dollars', parent_account: 'not-a-uuid', acount_number: '1' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('invalid_request');
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['acount_number', 'currency', 'current_balance', 'name', 'parent_account']);
    expect(body.message).toContain('current_balance');
    expect(await rowCount(t.connectionId)).toBe(0);
  });

  it('answers 400 to a body that is not JSON or not an object, 415 to another media type', async () => {
    const t = await h.tenant();
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    const broken = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toBe('invalid_json');
    const array = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers, payload: [1, 2] });
    expect(array.statusCode).toBe(400);
    const text = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'name=Cash' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('unsupported_media_type');
    expect(await rowCount(t.connectionId)).toBe(0);
  });

  it('answers 422 naming what QuickBooks cannot take, with the accepted values', async () => {
    const t = await h.tenant();
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    const missing = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers, payload: { description: 'no name, no type' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', code: 'required' }),
        expect.objectContaining({ field: 'type', code: 'required', accepted: expect.arrayContaining(['Current Asset', 'Bank']) }),
      ]),
    );
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers,
      payload: { name: 'A:B', type: 'Current Asset', classification: 'Liability', description: 'x'.repeat(101) },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['classification', 'description', 'name']);
    const orphan = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers,
      payload: { name: 'Child', type: 'Bank', parent_account: '801f9ede-c698-4e66-a7fc-48d19eebaa4f' },
    });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().details).toEqual([expect.objectContaining({ field: 'parent_account' })]);
    expect(await rowCount(t.connectionId)).toBe(0);
  });
});

describe("QuickBooks: what depends on the connection's company", () => {
  const detailsOf = (response: { json(): { details?: unknown[] } }) => response.json().details ?? [];
  const meta = (t: { apiKey: string; connectionToken: string }) =>
    h.app.inject({ method: 'GET', url: '/accounting/accounts/meta', headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken } });

  it('refuses an account number over 7 characters while the country is unknown, saying why', async () => {
    const t = await h.tenant();
    const long = await h.postAccount(t, { name: 'Eight', type: 'Bank', account_number: '12345678' });
    expect(long.statusCode).toBe(422);
    expect(detailsOf(long)).toEqual([
      {
        field: 'account_number',
        code: 'too_long',
        message: expect.stringMatching(/^QuickBooks Online takes at most 7 characters in account_number \(the connection's company country is unknown, so the strictest applies/),
      },
    ]);
    expect((await h.postAccount(t, { name: 'Seven', type: 'Bank', account_number: '1234567' })).statusCode).toBe(201);
    expect((await meta(t)).json().fields.account_number).toEqual({ support: 'sent', max_length: 7 });
    expect(await rowCount(t.connectionId)).toBe(1);
  });

  it("takes the limit of the company's country: 7 in the US, 20 in Australia", async () => {
    const us = await h.tenant();
    await h.db.update(connections).set({ companyCountry: 'US' }).where(eq(connections.id, us.connectionId));
    const refused = await h.postAccount(us, { name: 'Eight', type: 'Bank', account_number: '12345678' });
    expect(detailsOf(refused)).toEqual([expect.objectContaining({ field: 'account_number', code: 'too_long', message: expect.stringContaining('(the limit for a company in US)') })]);

    const au = await h.tenant();
    await h.db.update(connections).set({ companyCountry: 'AU' }).where(eq(connections.id, au.connectionId));
    expect((await h.postAccount(au, { name: 'Eight', type: 'Bank', account_number: '12345678' })).statusCode).toBe(201);
    const longer = await h.postAccount(au, { name: 'Long', type: 'Bank', account_number: '1'.repeat(21) });
    expect(detailsOf(longer)).toEqual([expect.objectContaining({ field: 'account_number', code: 'too_long', message: expect.stringContaining('at most 20') })]);
    expect((await meta(au)).json().fields.account_number).toEqual({ support: 'sent', max_length: 20 });
  });

  it('refuses an Inactive account, which QuickBooks is not asked to create', async () => {
    const t = await h.tenant();
    const inactive = await h.postAccount(t, { name: 'Dormant', type: 'Bank', status: 'Inactive' });
    expect(inactive.statusCode).toBe(422);
    expect(detailsOf(inactive)).toEqual([
      { field: 'status', code: 'unsupported_value', message: 'QuickBooks Online cannot create an account with status "Inactive"', accepted: ['Active'] },
    ]);
    expect((await meta(t)).json().vocabularies.status).toEqual(['Active']);
    expect(await rowCount(t.connectionId)).toBe(0);
  });
});

describe('reading accounts', () => {
  it('pages through every account of the connection with opaque cursors, both ways', async () => {
    const t = await h.tenant();
    const other = await h.quickbooksConnection(t.projectId);
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers, payload: { name: `Account ${i}`, type: 'Expense' } });
      ids.push(response.json().id);
    }
    // An account on another connection of the same project is not in this connection's pages.
    await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': other.connectionToken },
      payload: { name: 'Elsewhere', type: 'Expense' },
    });

    const page = async (query: string) => {
      const response = await h.app.inject({ method: 'GET', url: `/accounting/accounts?${query}`, headers });
      expect(response.statusCode).toBe(200);
      return response.json() as { data: { id: string; remote_data: unknown }[]; next_cursor: string | null; prev_cursor: string | null };
    };
    const first = await page('limit=3');
    expect(first.data.map((a) => a.id)).toEqual(ids.slice(0, 3));
    expect(first.prev_cursor).toBeNull();
    const second = await page(`limit=3&cursor=${encodeURIComponent(first.next_cursor ?? '')}`);
    expect(second.data.map((a) => a.id)).toEqual(ids.slice(3, 6));
    const third = await page(`limit=3&cursor=${encodeURIComponent(second.next_cursor ?? '')}`);
    expect(third.data.map((a) => a.id)).toEqual(ids.slice(6));
    expect(third.next_cursor).toBeNull();
    const back = await page(`limit=3&cursor=${encodeURIComponent(third.prev_cursor ?? '')}`);
    expect(back.data.map((a) => a.id)).toEqual(ids.slice(3, 6));
    expect(first.data.every((a) => a.remote_data === null)).toBe(true);
  });

  it('rejects a cursor it did not issue and a limit out of range', async () => {
    const t = await h.tenant();
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    for (const query of ['cursor=abc', 'limit=0', 'limit=101', 'limit=ten', 'remote_data=maybe']) {
      const response = await h.app.inject({ method: 'GET', url: `/accounting/accounts?${query}`, headers });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toBe('invalid_request');
    }
  });

  it('answers 404 to an unknown or malformed id', async () => {
    const t = await h.tenant();
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    for (const id of ['0191d1e2-0000-7000-8000-000000000000', 'abc']) {
      const response = await h.app.inject({ method: 'GET', url: `/accounting/accounts/${id}`, headers });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe('not_found');
    }
  });
});
