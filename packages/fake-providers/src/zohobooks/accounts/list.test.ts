import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVERTISING, CASH, ORG, accountOf, harness } from '../test-support.js';
import type { Harness, ListBody } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ requestsPerMinute: 1_000 });
});
afterEach(async () => {
  await h.close();
});

async function names(query: Record<string, string> = {}): Promise<string[]> {
  const response = await h.list(query);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as ListBody).chartofaccounts.map((row) => row.account_name);
}

describe('GET /books/v3/chartofaccounts', () => {
  it('lists the documented row fields with a page_context, sorted by name', async () => {
    const parent = accountOf(await h.create({ account_name: 'Current Assets', account_type: 'other_current_asset' }));
    const cash = accountOf(await h.create({ ...CASH, parent_account_id: parent.account_id }));
    await h.create(ADVERTISING);
    const response = await h.list();
    expect(response.statusCode).toBe(200);
    const body = response.json() as ListBody;
    expect(body.code).toBe(0);
    expect(body.message).toBe('success');
    expect(body.chartofaccounts.map((row) => row.account_name)).toEqual(['Advertising', 'Cash', 'Current Assets']);
    expect(body.chartofaccounts[1]).toEqual({
      account_id: cash.account_id,
      account_name: 'Cash',
      account_code: '1000',
      account_type: 'other_current_asset',
      is_user_created: true,
      is_system_account: false,
      is_standalone_account: false,
      is_active: true,
      can_show_in_ze: false,
      is_involved_in_transaction: false,
      parent_account_id: parent.account_id,
      parent_account_name: 'Current Assets',
      depth: 1,
      has_attachment: false,
      is_child_present: false,
      child_count: 0,
      documents: [],
      created_time: cash.created_time,
      last_modified_time: cash.last_modified_time,
    });
    expect(body.chartofaccounts[2]).toMatchObject({ is_child_present: true, child_count: 1 });
    expect(body.page_context).toEqual({
      page: 1,
      per_page: 200,
      has_more_page: false,
      report_name: 'Chart of Accounts',
      applied_filter: 'AccountType.All',
      sort_column: 'account_name',
      sort_order: 'A',
    });
    const withBalance = (await h.list({ showbalance: 'true' })).json() as ListBody;
    expect(withBalance.chartofaccounts[0]).toMatchObject({ current_balance: 0 });
  });

  it('pages with page and per_page (at most 200), saying whether more pages follow', async () => {
    for (let i = 0; i < 205; i++) await h.create({ account_name: `Account ${String(i).padStart(3, '0')}`, account_type: 'expense' });
    const first = (await h.list()).json() as ListBody;
    expect(first.chartofaccounts).toHaveLength(200);
    expect(first.page_context).toMatchObject({ page: 1, per_page: 200, has_more_page: true });
    const second = (await h.list({ page: '2' })).json() as ListBody;
    expect(second.chartofaccounts.map((row) => row.account_name)).toEqual([
      'Account 200',
      'Account 201',
      'Account 202',
      'Account 203',
      'Account 204',
    ]);
    expect(second.page_context).toMatchObject({ page: 2, has_more_page: false });
    const small = (await h.list({ page: '3', per_page: '10' })).json() as ListBody;
    expect(small.chartofaccounts[0]?.account_name).toBe('Account 020');
    expect(small.page_context).toMatchObject({ page: 3, per_page: 10, has_more_page: true });
    expect(((await h.list({ per_page: '500' })).json() as ListBody).page_context.per_page).toBe(200);
  });

  it('filters by account group and sorts by type or in descending order', async () => {
    await h.create(CASH);
    await h.create(ADVERTISING);
    await h.create({ account_name: 'Sales', account_type: 'income' });
    await h.create({ account_name: 'Loan', account_type: 'long_term_liability' });
    await h.create({ account_name: 'Owner', account_type: 'equity' });
    await h.create({ account_name: 'Trademarks', account_type: 'intangible_asset' });
    expect(await names({ filter_by: 'AccountType.Asset' })).toEqual(['Cash', 'Trademarks']);
    expect(await names({ filter_by: 'AccountType.Liability' })).toEqual(['Loan']);
    expect(await names({ filter_by: 'AccountType.Equity' })).toEqual(['Owner']);
    expect(await names({ filter_by: 'AccountType.Income' })).toEqual(['Sales']);
    expect(await names({ filter_by: 'AccountType.Expense' })).toEqual(['Advertising']);
    expect(await names({ filter_by: 'AccountType.Active' })).toHaveLength(6);
    expect(await names({ filter_by: 'AccountType.Inactive' })).toEqual([]);
    expect(await names({ sort_column: 'account_type' })).toEqual(['Owner', 'Advertising', 'Sales', 'Trademarks', 'Loan', 'Cash']);
    expect(await names({ sort_order: 'D' })).toEqual(['Trademarks', 'Sales', 'Owner', 'Loan', 'Cash', 'Advertising']);
  });

  it('lists the accounts modified since last_modified_time', async () => {
    await h.create(CASH);
    h.advance(30 * 60_000);
    await h.create(ADVERTISING);
    // START + 15 minutes; an instant in any zone compares with the organisation's (UTC here).
    expect(await names({ last_modified_time: '2025-06-01T19:15:00+0000' })).toEqual(['Advertising']);
    expect(await names({ last_modified_time: '2025-06-02T00:30:00+0530' })).toEqual(['Advertising', 'Cash']);
    expect(await names({ last_modified_time: '2025-06-02T00:45:00+0530' })).toEqual(['Advertising']);
  });

  it.each([
    [{ filter_by: 'AccountType.Bank' }, 'filter_by'],
    [{ sort_column: 'account_code' }, 'sort_column'],
    [{ sort_order: 'up' }, 'sort_order'],
    [{ page: '0' }, 'page'],
    [{ per_page: 'ten' }, 'per_page'],
    [{ last_modified_time: 'yesterday' }, 'last_modified_time'],
  ])('answers 400 code 2 to %j', async (query, parameter) => {
    const response = await h.list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 2, message: `Invalid value passed for ${parameter}` });
  });

  it('searches nothing by name or code: the operation documents no such filter', async () => {
    await h.create(CASH);
    await h.create(ADVERTISING);
    expect(await names({ account_name: 'Cash', account_code: '1000' })).toEqual(['Advertising', 'Cash']);
    expect(h.fake.accounts(ORG)).toHaveLength(2);
  });
});
