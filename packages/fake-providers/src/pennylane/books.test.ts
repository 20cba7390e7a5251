import { afterEach, describe, expect, it } from 'vitest';
import { API, BANK, COMPANY, accountOf, harness } from './test-support.js';
import type { Harness, ListBody } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const headers = (token = h.tokens.access_token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const put = (id: number | string, body: unknown) =>
  h.app.inject({ method: 'PUT', url: `${API}/ledger_accounts/${id}`, headers: headers(), payload: JSON.stringify(body) });
const get = (path: string, token?: string) => h.app.inject({ method: 'GET', url: `${API}${path}`, headers: headers(token) });

describe("a new company's books", () => {
  it('starts with the French chart of accounts, timestamped, and no supplier or customer made for 401 and 411', async () => {
    h = await harness({ defaultBooks: true, timestamps: true });
    const page = (await h.list({ limit: '100' })).json() as ListBody;
    expect(page.items.map((a) => a.number)).toEqual(
      expect.arrayContaining(['101', '401', '411', '44566', '44571', '512', '530', '606', '706']),
    );
    expect(page.items.find((a) => a.number === '512')).toEqual({
      id: expect.any(Number),
      number: '512',
      label: 'Banque',
      vat_rate: 'any',
      country_alpha2: 'FR',
      enabled: true,
      created_at: '2025-06-01T19:00:00.000Z',
      updated_at: '2025-06-01T19:00:00.000Z',
    });
    expect(h.fake.suppliers(COMPANY)).toEqual([]);
    // A pushed account joins them in the list; a default number is taken.
    const bank = accountOf(await h.create(BANK));
    expect(((await h.list({ limit: '100' })).json() as ListBody).items.map((a) => a.id)).toContain(bank.id);
    expect((await h.create({ number: '512', label: 'Autre' })).statusCode).toBe(422);
  });

  it('answers /me with any valid token, and the category groups and categories to a token with a categories scope', async () => {
    h = await harness({ defaultBooks: true, scopes: ['ledger_accounts:readonly'] });
    expect((await get('/me')).json()).toEqual({
      user: { id: 12345, first_name: 'John', last_name: 'Doe', email: 'jdoe@pennylane.com', locale: 'fr' },
      company: { id: Number(COMPANY), name: 'Pennylane', reg_no: 123456789 },
    });
    const refused = await get('/categories');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: 'Forbidden: this token needs one of these scopes: categories:readonly, categories:all',
      status: 403,
    });
    h.fake.grantScopes(COMPANY, ['categories:readonly']);
    const token = h.fake.mintTokens(COMPANY).access_token;
    const groups = (await get('/category_groups', token)).json() as ListBody;
    expect(groups).toMatchObject({ items: [{ label: 'Activités' }], has_more: false, next_cursor: null });
    const categories = (await get('/categories?limit=2', token)).json() as {
      items: { label: string; category_group: { id: number } }[];
      has_more: boolean;
    };
    expect(categories.items.map((c) => c.label)).toEqual(['Conseil', 'Formation']);
    expect(categories.items[0]?.category_group.id).toBe(groups.items[0]?.id);
    expect(categories.has_more).toBe(true);
  });
});

describe('PUT /ledger_accounts/{id}', () => {
  it('renames or disables an account, its number kept, its updated_at moved', async () => {
    h = await harness({ timestamps: true });
    const bank = accountOf(await h.create(BANK));
    h.advance(60_000);
    const renamed = await put(bank.id, { label: 'Banque principale', number: '999' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toEqual({ ...bank, label: 'Banque principale', updated_at: '2025-06-01T19:01:00.000Z' });
    expect((await put(bank.id, { enabled: false })).json()).toMatchObject({ enabled: false });
    expect(
      ((await h.list({ filter: JSON.stringify([{ field: 'enabled', operator: 'eq', value: false }]) })).json() as ListBody).items.map(
        (a) => a.id,
      ),
    ).toEqual([bank.id]);
  });

  it('refuses a blank label, a wrong type, an unknown id, and a token without ledger_accounts:all', async () => {
    h = await harness();
    const bank = accountOf(await h.create(BANK));
    expect((await put(bank.id, { label: ' ' })).json()).toEqual({ error: "Label can't be blank", status: 422 });
    expect((await put(bank.id, { enabled: 'no' })).statusCode).toBe(400);
    expect((await put(999, { label: 'X' })).statusCode).toBe(404);
    h.fake.grantScopes(COMPANY, ['ledger_accounts:readonly']);
    const readonly = h.fake.mintTokens(COMPANY).access_token;
    const refused = await h.app.inject({
      method: 'PUT',
      url: `${API}/ledger_accounts/${bank.id}`,
      headers: headers(readonly),
      payload: '{"label":"X"}',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses an updated_at filter: the list filters by id, number and enabled only', async () => {
    h = await harness();
    const response = await h.list({ filter: JSON.stringify([{ field: 'updated_at', operator: 'gteq', value: '2025-06-01T00:00:00Z' }]) });
    expect(response.json()).toEqual({ error: 'Invalid filter: unsupported field "updated_at"', status: 400 });
  });
});

describe('seeding a large chart', () => {
  it('seeds 100,000 accounts cheaply and pages them by cursor without rescanning', async () => {
    h = await harness({ requestsPerWindow: 10_000 });
    const ids = h.fake.seedAccounts(COMPANY, 100_000);
    let cursor: string | null = null;
    let seen = 0;
    for (let page = 0; page < 1_000; page++) {
      const body = (await h.list({ limit: '100', ...(cursor ? { cursor } : {}) })).json() as ListBody;
      seen += body.items.length;
      cursor = body.next_cursor;
      if (!body.has_more) break;
    }
    expect(seen).toBe(ids.length);
    expect(h.fake.suppliers(COMPANY)).toEqual([]);
  }, 60_000);
});
