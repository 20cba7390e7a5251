import { afterEach, describe, expect, it } from 'vitest';
import { API, CASH, ORG, accountOf, harness } from './test-support.js';
import type { Harness, ListBody, ZohoBody } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const auth = () => ({ authorization: `Zoho-oauthtoken ${h.tokens.access_token}` });
const get = (path: string, query: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url: `${API}${path}?${new URLSearchParams({ organization_id: ORG, ...query })}`, headers: auth() });
const send = (method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  h.app.inject({
    method,
    url: `${API}${path}?organization_id=${ORG}`,
    headers: { ...auth(), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });

describe("a new organisation's books", () => {
  it("starts with Zoho's default chart: no codes, Zoho's own accounts marked as system accounts", async () => {
    h = await harness({ defaultBooks: true, requestsPerMinute: 1_000 });
    const body = (await h.list()).json() as ListBody;
    const names = body.chartofaccounts.map((row) => row.account_name);
    expect(names).toEqual(
      expect.arrayContaining(['Accounts Receivable', 'Accounts Payable', 'Undeposited Funds', 'Sales', 'Retained Earnings']),
    );
    expect(body.chartofaccounts.every((row) => row.account_code === '')).toBe(true);
    expect(body.chartofaccounts.find((row) => row.account_name === 'Accounts Payable')).toMatchObject({
      account_type: 'accounts_payable',
      is_system_account: true,
      is_user_created: false,
      created_time: '2025-06-01T19:00:00+0000',
    });
    // A pushed account joins them, in the same list.
    const cash = accountOf(await h.create(CASH));
    expect(((await h.list()).json() as ListBody).chartofaccounts.map((row) => row.account_id)).toContain(cash.account_id);
  });

  it('answers the organisation, its taxes and its reporting tags', async () => {
    h = await harness({ defaultBooks: true });
    expect((await get(`/organizations/${ORG}`)).json()).toMatchObject({
      code: 0,
      organization: { organization_id: ORG, name: 'Zillium Inc', fiscal_year_start_month: 0, currency_code: 'USD' },
    });
    expect((await get('/organizations/99999')).statusCode).toBe(400);
    const taxes = (await get('/settings/taxes')).json() as ZohoBody & { taxes: { tax_percentage: number }[] };
    expect(taxes.taxes.map((t) => t.tax_percentage)).toEqual([6.25, 2.625]);
    expect(taxes.page_context).toEqual({ page: 1, per_page: 200, has_more_page: false });
    const tags = (await get('/reportingtags')).json() as ZohoBody & { reporting_tags: { tag_name: string; tag_options: unknown[] }[] };
    expect(tags.reporting_tags.map((t) => [t.tag_name, t.tag_options.length])).toEqual([['Region', 3]]);
  });

  it('starts empty with defaultBooks off', async () => {
    h = await harness();
    expect(((await h.list()).json() as ListBody).chartofaccounts).toEqual([]);
    expect(((await get('/settings/taxes')).json() as { taxes: unknown[] }).taxes).toEqual([]);
  });
});

describe('changing an account through the API', () => {
  it('updates one (PUT), keeping its id and creation time, moving its modification time, refusing a taken name', async () => {
    h = await harness();
    const cash = accountOf(await h.create(CASH));
    await h.create({ account_name: 'Bank', account_type: 'bank' });
    h.advance(60_000);
    const updated = await send('PUT', `/chartofaccounts/${cash.account_id}`, {
      account_name: 'Till',
      account_type: 'cash',
      account_code: '1000',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      code: 0,
      chart_of_account: {
        account_id: cash.account_id,
        account_name: 'Till',
        account_type: 'cash',
        created_time: cash.created_time,
        last_modified_time: '2025-06-01T19:01:00+0000',
      },
    });
    expect((await h.list({ last_modified_time: '2025-06-01T19:00:30+0000' })).json()).toMatchObject({
      chartofaccounts: [{ account_name: 'Till' }],
    });
    const taken = await send('PUT', `/chartofaccounts/${cash.account_id}`, { account_name: 'bank', account_type: 'cash' });
    expect(taken.json()).toEqual({ code: 1001, message: 'Account "bank" already exists.' });
    expect((await send('PUT', '/chartofaccounts/460000000999999', { account_name: 'X', account_type: 'cash' })).statusCode).toBe(404);
  });

  it('marks one inactive and active again; an inactive account stays listed with is_active false', async () => {
    h = await harness();
    const cash = accountOf(await h.create(CASH));
    expect((await send('POST', `/chartofaccounts/${cash.account_id}/inactive`)).json()).toEqual({
      code: 0,
      message: 'The account has been marked as inactive.',
    });
    expect((await h.list({ filter_by: 'AccountType.Inactive' })).json()).toMatchObject({
      chartofaccounts: [{ account_id: cash.account_id, is_active: false }],
    });
    expect((await h.list()).json()).toMatchObject({ chartofaccounts: [{ is_active: false }] });
    expect((await send('POST', `/chartofaccounts/${cash.account_id}/active`)).statusCode).toBe(200);
    expect(h.fake.accounts(ORG)[0]?.is_active).toBe(true);
  });

  it('deletes one: gone from the list and from Get an account; its name is free again', async () => {
    h = await harness();
    const cash = accountOf(await h.create(CASH));
    expect((await send('DELETE', `/chartofaccounts/${cash.account_id}`)).json()).toEqual({
      code: 0,
      message: 'The account has been deleted.',
    });
    expect(((await h.list()).json() as ListBody).chartofaccounts).toEqual([]);
    expect((await h.read(cash.account_id)).statusCode).toBe(404);
    expect((await h.create(CASH)).statusCode).toBe(201);
  });

  it("refuses to delete one of Zoho's own accounts", async () => {
    h = await harness({ defaultBooks: true });
    const payable = h.fake.accounts(ORG).find((a) => a.account_name === 'Accounts Payable');
    const refused = await send('DELETE', `/chartofaccounts/${payable?.account_id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ code: 4, message: 'System accounts cannot be deleted.' });
  });
});

describe('seeding a large chart', () => {
  it('seeds 100,000 accounts cheaply and pages them in order, 200 a page', async () => {
    h = await harness({ requestsPerMinute: 10_000, requestsPerDay: 100_000 });
    const ids = h.fake.seedAccounts(ORG, 100_000);
    expect(ids).toHaveLength(100_000);
    const first = (await h.list()).json() as ListBody;
    const last = (await h.list({ page: '500' })).json() as ListBody;
    expect(first.chartofaccounts[0]?.account_name).toBe('Account 000001');
    expect(last.chartofaccounts.at(-1)?.account_name).toBe('Account 100000');
    expect(last.page_context.has_more_page).toBe(false);
  }, 60_000);

  it('seeds an account of a type the API would refuse on create, as the screens can make one', async () => {
    h = await harness();
    const [id] = h.fake.seedAccounts(ORG, [{ account_name: 'Goods', account_type: 'stock' }]);
    expect((await h.read(id ?? '')).json()).toMatchObject({ account_type: 'stock' });
    expect((await h.create({ account_name: 'More Goods', account_type: 'stock' })).statusCode).toBe(400);
  });
});
