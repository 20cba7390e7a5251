import { afterEach, describe, expect, it } from 'vitest';
import type { Harness, Page } from '../test-support.js';
import { accountOf, BUSINESS, CASH, diagnosesOf, harness } from '../test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const items = async (query: Record<string, string>) => ((await h.list(query)).json() as Page).$items;
const codes = async (query: Record<string, string>) =>
  (await items({ items_per_page: '200', ...query, attributes: 'nominal_code' })).map((i) => i.nominal_code);

describe("a new business's chart", () => {
  it("starts with Sage's UK default chart, control accounts marked, stamped when the business was made", async () => {
    h = await harness({ defaultBooks: true });
    const chart = h.fake.accounts(BUSINESS);
    const byCode = new Map(chart.map((a) => [a.nominal_code, a]));
    expect(byCode.get(1200)).toMatchObject({
      name: 'Bank Current Account',
      displayed_as: 'Bank Current Account (1200)',
      ledger_account_type: { id: 'BANK' },
      ledger_account_group: { id: 'ASSET' },
      included_in_chart: true,
      is_control_account: true,
      created_at: '2025-06-01T19:00:00Z',
      updated_at: '2025-06-01T19:00:00Z',
    });
    expect(byCode.get(4000)).toMatchObject({ name: 'Sales Type A', is_control_account: false, tax_rate: { id: 'GB_STANDARD' } });
    expect(byCode.get(7500)?.name).toBe('Printing');
    expect([...byCode.keys()].filter((code) => byCode.get(code)?.is_control_account)).toEqual([
      1100, 1200, 2100, 2200, 2201, 2202, 2203, 7900, 9999,
    ]);
    const page = (await h.list({ items_per_page: '200' })).json() as Page;
    expect(page.$total).toBe(chart.length);
    // A nominal code of the chart is taken: Sage refuses a second account with it.
    const taken = await h.create({ ...CASH, nominal_code: 1200 });
    expect(diagnosesOf(taken)).toEqual([['nominal_code', 'Nominal code has already been taken']]);
  });
});

describe('updated_or_created_since', () => {
  it('lists what changed at or after the time given, to the second; refuses a value that is no time', async () => {
    h = await harness({ defaultBooks: true });
    h.fake.accounts(BUSINESS);
    h.advance(60_000);
    const cash = accountOf(await h.create(CASH));
    expect(cash.created_at).toBe('2025-06-01T19:01:00Z');
    expect(await codes({ updated_or_created_since: '2025-06-01T19:01:00Z' })).toEqual([1000]);
    expect(await codes({ updated_or_created_since: '2025-06-01T19:01:01Z' })).toEqual([]);
    expect(await codes({ updated_or_created_since: '2025-06-01T21:01:00+02:00' })).toEqual([1000]);
    expect((await codes({ updated_or_created_since: '2025-06-01' })).length).toBe(h.fake.accounts(BUSINESS).length);
    const bad = await h.list({ updated_or_created_since: 'yesterday' });
    expect(bad.statusCode).toBe(422);
    expect(diagnosesOf(bad)).toEqual([['updated_or_created_since', expect.any(String)]]);
    // deleted_since is not a parameter of this list: ignored like any other it does not take.
    expect((await h.list({ deleted_since: '2025-06-01T19:01:00Z' })).statusCode).toBe(200);
  });
});

describe('PUT /v3.1/ledger_accounts/{key}', () => {
  it('renames and hides an account: 200 with it, updated_at moved, the next incremental list shows it', async () => {
    h = await harness({ defaultBooks: true });
    const printing = h.fake.accounts(BUSINESS).find((a) => a.nominal_code === 7500);
    h.advance(120_000);
    const renamed = await h.send('PUT', `/ledger_accounts/${printing?.id}`, {
      ledger_account: { name: 'Office costs', display_name: 'Office costs' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(accountOf(renamed)).toMatchObject({
      id: printing?.id,
      name: 'Office costs',
      displayed_as: 'Office costs (7500)',
      display_formatted: '7500 - Office costs',
      nominal_code: 7500,
      created_at: '2025-06-01T19:00:00Z',
      updated_at: '2025-06-01T19:02:00Z',
    });
    const hidden = await h.send('PUT', `/ledger_accounts/${printing?.id}`, { ledger_account: { included_in_chart: false } });
    expect(accountOf(hidden)).toMatchObject({ included_in_chart: false, name: 'Office costs' });
    expect(await codes({ updated_or_created_since: '2025-06-01T19:02:00Z' })).toEqual([7500]);
    expect(await codes({ show_included_in_chart: 'false' })).toEqual([7500]);
    expect((await h.read(printing?.id ?? '')).json()).toMatchObject({ included_in_chart: false });
  });

  it("refuses what Sage refuses: a control account's name or inclusion, a taken code, an unknown type, an id the business lacks", async () => {
    h = await harness({ defaultBooks: true });
    const chart = h.fake.accounts(BUSINESS);
    const debtors = chart.find((a) => a.nominal_code === 1100);
    const rent = chart.find((a) => a.nominal_code === 7100);
    const control = await h.send('PUT', `/ledger_accounts/${debtors?.id}`, {
      ledger_account: { name: 'Customers', included_in_chart: false },
    });
    expect(control.statusCode).toBe(422);
    expect(diagnosesOf(control).map(([source]) => source)).toEqual(['name', 'included_in_chart']);
    // Its visibility may change.
    expect((await h.send('PUT', `/ledger_accounts/${debtors?.id}`, { ledger_account: { visible_in_journals: false } })).statusCode).toBe(
      200,
    );
    const clash = await h.send('PUT', `/ledger_accounts/${rent?.id}`, {
      ledger_account: { nominal_code: 7200, ledger_account_type_id: 'NOPE' },
    });
    expect(
      diagnosesOf(clash)
        .map(([source]) => source)
        .sort(),
    ).toEqual(['ledger_account_type_id', 'nominal_code']);
    const missing = await h.send('PUT', '/ledger_accounts/ffffffffffffffffffffffffffffffff', { ledger_account: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
    // A new code frees the old one.
    expect((await h.send('PUT', `/ledger_accounts/${rent?.id}`, { ledger_account: { nominal_code: 7101 } })).statusCode).toBe(200);
    expect((await h.create({ ...CASH, nominal_code: 7100 })).statusCode).toBe(201);
    expect((await h.send('DELETE', `/ledger_accounts/${rent?.id}`)).statusCode).toBe(405);
  });
});

describe('seeded accounts', () => {
  it('seeds 100,000 accounts held as a range: listed in nominal code order among the others, read, changed', async () => {
    h = await harness({ defaultBooks: true, requestsPerWindow: 1_000_000 });
    const chart = h.fake.accounts(BUSINESS).length;
    h.fake.seedLedgerAccounts(BUSINESS, 100_000);
    h.advance(1_000);
    const above = accountOf(await h.create({ ...CASH, name: 'Above', display_name: 'Above', nominal_code: 20_000_000 }));
    const first = (await h.list({ items_per_page: '200', attributes: 'nominal_code' })).json() as Page;
    expect(first.$total).toBe(chart + 100_001);
    const lastPage = Math.ceil(first.$total / 200);
    const last = (await h.list({ items_per_page: '200', page: String(lastPage), attributes: 'all' })).json() as Page;
    expect(last.$next).toBeNull();
    expect(last.$items.at(-1)?.id).toBe(above.id);
    expect(last.$items.at(-2)).toMatchObject({
      nominal_code: 10_099_999,
      name: 'Seeded Account 10099999',
      ledger_account_type: { id: 'OVERHEADS' },
    });
    // Where the chart ends and the seeded accounts begin.
    const boundary = (
      await h.list({ items_per_page: '10', page: String(Math.ceil(chart / 10)), attributes: 'nominal_code' })
    ).json() as Page;
    const boundaryCodes = boundary.$items.map((i) => i.nominal_code as number);
    expect(boundaryCodes).toEqual([...boundaryCodes].sort((a, b) => a - b));
    expect(boundaryCodes).toContain(10_000_000);
    // One seeded account read, changed: it stays in its place, changed, and shows in the incremental list.
    const seeded = last.$items.at(-2) as { id: string };
    expect(accountOf(await h.read(seeded.id)).nominal_code).toBe(10_099_999);
    h.advance(1_000);
    expect((await h.send('PUT', `/ledger_accounts/${seeded.id}`, { ledger_account: { name: 'Renamed' } })).statusCode).toBe(200);
    expect(await items({ updated_or_created_since: '2025-06-01T19:00:02Z', attributes: 'name' })).toEqual([
      expect.objectContaining({ id: seeded.id, name: 'Renamed' }),
    ]);
    expect(((await h.list({ items_per_page: '200', page: String(lastPage) })).json() as Page).$items.at(-2)?.id).toBe(seeded.id);
    expect(await codes({ search: '10099999' })).toEqual([10_099_999]);
    const taken = await h.create({ ...CASH, nominal_code: 10_000_123 });
    expect(diagnosesOf(taken)).toEqual([['nominal_code', 'Nominal code has already been taken']]);
  });
});
