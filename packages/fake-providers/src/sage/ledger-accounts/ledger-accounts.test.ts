import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVERTISING, BUSINESS, CASH, OTHER_BUSINESS, accountOf, diagnosesOf, harness } from '../test-support.js';
import type { Harness } from '../test-support.js';

const SAGE_ID = /^[0-9a-f]{32}$/;

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('POST /v3.1/ledger_accounts', () => {
  it('answers 201 with the ledger account as Sage shapes it, and stores it for the business', async () => {
    const created = await h.create(CASH);
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.headers['x-business']).toBe(BUSINESS);
    const account = accountOf(created);
    expect(account.id).toMatch(SAGE_ID);
    expect(account).toEqual({
      id: account.id,
      displayed_as: 'Cash (1000)',
      $path: `/ledger_accounts/${account.id}`,
      created_at: '2025-06-01T19:00:00Z',
      updated_at: '2025-06-01T19:00:00Z',
      ledger_account_group: { id: 'ASSET', displayed_as: 'Asset' },
      name: 'Cash',
      display_name: 'Cash',
      visible_scopes: ['journals', 'reporting'],
      included_in_chart: true,
      nominal_code: 1000,
      ledger_account_type: { id: 'CURRENT_ASSETS', displayed_as: 'Current Assets', $path: '/ledger_account_types/CURRENT_ASSETS' },
      ledger_account_classification: null,
      tax_rate: null,
      fixed_tax_rate: false,
      visible_in_banking: false,
      visible_in_expenses: false,
      visible_in_journals: true,
      visible_in_other_payments: false,
      visible_in_other_receipts: false,
      visible_in_reporting: true,
      visible_in_sales: false,
      balance_details: null,
      is_control_account: false,
      control_name: null,
      display_formatted: '1000 - Cash',
      tax_recoverable: false,
      recoverable_percentage: null,
      non_recoverable_ledger_account: null,
      cis_materials: false,
      cis_labour: false,
      tax_instalment: false,
      gifi_code: null,
    });
    expect(h.fake.accounts(BUSINESS)).toEqual([account]);
    expect(h.fake.accounts(OTHER_BUSINESS)).toEqual([]);
  });

  it('keeps the optional attributes a connection may map: classification, tax rate, visibility', async () => {
    const account = accountOf(
      await h.create({
        ...ADVERTISING,
        ledger_account_classification_id: '9a994b92267a11e797950a57719b2edb',
        tax_rate_id: 'GB_STANDARD',
        fixed_tax_rate: true,
        visible_in_banking: true,
        visible_in_other_payments: false,
      }),
    );
    expect(account).toMatchObject({
      displayed_as: 'Advertising & Marketing (6201)',
      ledger_account_group: { id: 'EXPENDITURE' },
      ledger_account_classification: {
        id: '9a994b92267a11e797950a57719b2edb',
        $path: '/ledger_account_classifications/9a994b92267a11e797950a57719b2edb',
      },
      tax_rate: { id: 'GB_STANDARD', $path: '/tax_rates/GB_STANDARD' },
      fixed_tax_rate: true,
      visible_in_banking: true,
      visible_in_expenses: true,
      visible_in_other_payments: false,
      visible_scopes: ['bank', 'purchasing', 'journals', 'reporting'],
    });
  });

  it.each([
    ['SALES', 'INCOME'],
    ['OTHER_INCOME', 'INCOME'],
    ['DIRECT_EXPENSES', 'EXPENDITURE'],
    ['OVERHEADS', 'EXPENDITURE'],
    ['DEPRECIATION', 'EXPENDITURE'],
    ['CURRENT_ASSETS', 'ASSET'],
    ['FIXED_ASSETS', 'ASSET'],
    ['FUTURE_ASSETS', 'ASSET'],
    ['BANK', 'ASSET'],
    ['CURRENT_LIABILITY', 'LIABILITY'],
    ['FUTURE_LIABILITY', 'LIABILITY'],
    ['LINE_OF_CREDIT', 'LIABILITY'],
    ['EQUITY', 'CAPITAL'],
  ])('takes type %s, in group %s', async (typeId, group) => {
    const response = await h.create({ ...CASH, ledger_account_type_id: typeId });
    expect(response.statusCode, response.body).toBe(201);
    expect(accountOf(response)).toMatchObject({ ledger_account_type: { id: typeId }, ledger_account_group: { id: group } });
  });

  it('refuses a nominal code already used in the business, and keeps businesses apart', async () => {
    expect((await h.create(CASH)).statusCode).toBe(201);
    const duplicate = await h.create({ ...CASH, name: 'Petty Cash', display_name: 'Petty Cash' });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json()).toEqual([
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'Nominal code has already been taken', $source: 'nominal_code' },
    ]);
    // Names may repeat; nominal codes may not.
    expect((await h.create({ ...CASH, nominal_code: 1001 })).statusCode).toBe(201);
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    expect((await h.create(CASH, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(201);
    expect(h.fake.accounts(BUSINESS).map((a) => a.nominal_code)).toEqual([1000, 1001]);
  });

  it('answers a repeat with the same idempotency_id with the first answer, creating nothing more', async () => {
    const KEY = 'c3a8adaa26daf36e02f3c672b69e3323';
    const first = await h.create({ ...CASH, idempotency_id: KEY });
    expect(first.statusCode).toBe(201);
    expect(accountOf(first)).not.toHaveProperty('idempotency_id');
    const again = await h.create({ ...CASH, idempotency_id: KEY });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    // Without an id, or with another, the create runs again and hits the nominal code rule.
    expect(diagnosesOf(await h.create(CASH))).toEqual([['nominal_code', 'Nominal code has already been taken']]);
    expect(diagnosesOf(await h.create({ ...CASH, idempotency_id: KEY.replace('c', 'd') }))).toEqual([
      ['nominal_code', 'Nominal code has already been taken'],
    ]);
    // Ids are per business: another business's same id is a first use there.
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    expect((await h.create({ ...CASH, idempotency_id: KEY }, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(
      201,
    );
    expect(h.fake.accounts(BUSINESS)).toHaveLength(1);
  });

  it('refuses an idempotency_id that is not 32 hex digits, and one reused with another body', async () => {
    for (const bad of ['c3a8adaa-26da-f36e-02f3-c672b69e3323', 'c3a8adaa26daf36e02f3c672b69e332', 'g3a8adaa26daf36e02f3c672b69e3323', 42]) {
      expect(diagnosesOf(await h.create({ ...CASH, idempotency_id: bad })), String(bad)).toEqual([
        ['idempotency_id', 'must be a 32-character GUID without hyphens'],
      ]);
    }
    const KEY = '0123456789abcdef0123456789abcdef';
    expect((await h.create({ ...CASH, idempotency_id: KEY })).statusCode).toBe(201);
    const changed = await h.create({ ...CASH, name: 'Petty Cash', nominal_code: 1001, idempotency_id: KEY });
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toEqual([
      { $severity: 'error', $dataCode: 'IdempotencyRequestMismatch', $message: expect.any(String), $source: '' },
    ]);
    // The same attributes in another order are the same request.
    const { name, ...rest } = CASH;
    expect((await h.create({ idempotency_id: KEY, ...rest, name })).statusCode).toBe(201);
    expect(h.fake.accounts(BUSINESS).map((a) => a.nominal_code)).toEqual([1000]);
  });

  it('forgets an idempotency_id after 7 days', async () => {
    const KEY = '0123456789abcdef0123456789abcdef';
    expect((await h.create({ ...CASH, idempotency_id: KEY })).statusCode).toBe(201);
    h.advance(7 * 24 * 3600_000 - 1);
    const token = h.fake.mintTokens(BUSINESS).access_token;
    expect((await h.create({ ...CASH, idempotency_id: KEY }, { token })).statusCode).toBe(201);
    h.advance(1);
    expect(diagnosesOf(await h.create({ ...CASH, idempotency_id: KEY }, { token }))).toEqual([
      ['nominal_code', 'Nominal code has already been taken'],
    ]);
  });

  it('lists every missing required attribute in one 422', async () => {
    const response = await h.create({ name: '  ' });
    expect(response.statusCode).toBe(422);
    expect(diagnosesOf(response)).toEqual([
      ['ledger_account_type_id', 'This field is required.'],
      ['included_in_chart', 'This field is required.'],
      ['name', 'This field is required.'],
      ['display_name', 'This field is required.'],
      ['nominal_code', 'This field is required.'],
    ]);
    // null counts as absent.
    expect(diagnosesOf(await h.create({ ...CASH, nominal_code: null }))).toEqual([['nominal_code', 'This field is required.']]);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('refuses an unknown type id, a non-integer or out-of-range nominal code and wrong JSON types', async () => {
    expect(diagnosesOf(await h.create({ ...CASH, ledger_account_type_id: 'Current Asset' }))).toEqual([
      ['ledger_account_type_id', 'Ledger account type Current Asset is not valid'],
    ]);
    expect(diagnosesOf(await h.create({ ...CASH, nominal_code: '1000' }))).toEqual([['nominal_code', 'must be an integer']]);
    expect(diagnosesOf(await h.create({ ...CASH, nominal_code: 10.5 }))).toEqual([['nominal_code', 'must be an integer']]);
    expect(diagnosesOf(await h.create({ ...CASH, nominal_code: 0 }))).toEqual([['nominal_code', 'must be between 1 and 99999999']]);
    expect(diagnosesOf(await h.create({ ...CASH, nominal_code: 100_000_000 }))).toEqual([
      ['nominal_code', 'must be between 1 and 99999999'],
    ]);
    expect(diagnosesOf(await h.create({ ...CASH, included_in_chart: 'yes', visible_in_sales: 1, name: 7 }))).toEqual([
      ['included_in_chart', 'must be true or false'],
      ['name', 'must be a string'],
      ['visible_in_sales', 'must be true or false'],
    ]);
    expect(diagnosesOf(await h.create({ ...CASH, name: 'x'.repeat(101) }))).toEqual([['name', 'is too long (maximum is 100 characters)']]);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('refuses unknown attributes, naming each, and control accounts', async () => {
    expect(diagnosesOf(await h.create({ ...CASH, description: 'Main cash account', currency: 'USD' }))).toEqual([
      ['description', 'description is not a valid attribute.'],
      ['currency', 'currency is not a valid attribute.'],
    ]);
    expect(diagnosesOf(await h.create({ ...CASH, control_name: 'BANK_CHARGES' }))).toEqual([
      ['control_name', 'You cannot add ledger accounts with a control name'],
    ]);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });

  it('refuses a body that is not wrapped in ledger_account, is not JSON, or is not sent as JSON', async () => {
    const unwrapped = await h.create(undefined, { rawBody: JSON.stringify(CASH) });
    expect(unwrapped.statusCode).toBe(422);
    expect(diagnosesOf(unwrapped)).toEqual([['ledger_account', 'param is missing or the value is empty: ledger_account']]);
    const broken = await h.create(undefined, { rawBody: '{"ledger_account": {' });
    expect(broken.statusCode).toBe(422);
    expect(diagnosesOf(broken)).toEqual([['', 'The request body is not valid JSON.']]);
    const form = await h.create(undefined, { rawBody: 'name=Cash', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    expect(diagnosesOf(form)).toHaveLength(1);
    expect(h.fake.accounts(BUSINESS)).toEqual([]);
  });
});

describe('read side', () => {
  it('reads one ledger account by id, whole; 404 for an id the business does not hold', async () => {
    const account = accountOf(await h.create(CASH));
    const read = await h.read(account.id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(account);
    const missing = await h.read('ffffffffffffffffffffffffffffffff');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ $severity: 'error', $dataCode: 'RecordNotFound', $message: expect.any(String), $source: '' }]);
    const other = h.fake.mintTokens(OTHER_BUSINESS);
    expect((await h.read(account.id, { business: OTHER_BUSINESS, token: other.access_token })).statusCode).toBe(404);
  });

  it('lists base attributes only unless attributes are asked for, ordered by nominal code', async () => {
    const advertising = accountOf(await h.create(ADVERTISING));
    const cash = accountOf(await h.create(CASH));
    const list = await h.list();
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      $total: 2,
      $page: 1,
      $next: null,
      $back: null,
      $itemsPerPage: 20,
      $items: [
        { id: cash.id, displayed_as: 'Cash (1000)', $path: `/ledger_accounts/${cash.id}` },
        { id: advertising.id, displayed_as: 'Advertising & Marketing (6201)', $path: `/ledger_accounts/${advertising.id}` },
      ],
    });
    const some = await h.list({ attributes: 'nominal_code,name,ledger_account_type,nonsense' });
    expect((some.json() as { $items: unknown[] }).$items[0]).toEqual({
      id: cash.id,
      displayed_as: 'Cash (1000)',
      $path: `/ledger_accounts/${cash.id}`,
      nominal_code: 1000,
      name: 'Cash',
      ledger_account_type: cash.ledger_account_type,
    });
    expect((await h.list({ attributes: 'all' })).json()).toMatchObject({ $items: [cash, advertising] });
  });

  it('finds accounts by search (nominal code, name, display name) and by type', async () => {
    const cash = accountOf(await h.create(CASH));
    await h.create({ ...CASH, name: 'Bank', display_name: 'Bank', nominal_code: 11000, ledger_account_type_id: 'BANK' });
    const advertising = accountOf(await h.create(ADVERTISING));
    const ids = async (query: Record<string, string>) =>
      ((await h.list(query)).json() as { $items: { id: string }[] }).$items.map((i) => i.id);
    expect(await ids({ search: '1000' })).toHaveLength(2);
    expect(await ids({ search: 'CASH' })).toEqual([cash.id]);
    expect(await ids({ search: 'marketing' })).toEqual([advertising.id]);
    expect(await ids({ search: '1000', ledger_account_type_id: 'CURRENT_ASSETS' })).toEqual([cash.id]);
    expect(await ids({ ledger_account_type_id: 'OVERHEADS,CURRENT_ASSETS' })).toEqual([cash.id, advertising.id]);
    expect(await ids({ visible_in: 'expenses' })).toEqual([advertising.id]);
    expect(await ids({ search: 'nothing like it' })).toEqual([]);
  });

  it('pages with page and items_per_page, $next and $back keeping the query, the last page past the end, at most 200 a page', async () => {
    for (let code = 1; code <= 5; code++)
      await h.create({ ...CASH, name: `Till ${code}`, display_name: `Till ${code}`, nominal_code: code });
    const first = (await h.list({ search: 'till', items_per_page: '2' })).json();
    expect(first).toMatchObject({
      $total: 5,
      $page: 1,
      $itemsPerPage: 2,
      $back: null,
      $next: '/ledger_accounts?search=till&items_per_page=2&page=2',
    });
    const third = (await h.list({ search: 'till', items_per_page: '2', page: '3' })).json();
    expect(third).toMatchObject({ $page: 3, $next: null, $back: '/ledger_accounts?search=till&items_per_page=2&page=2' });
    expect((third as { $items: unknown[] }).$items).toHaveLength(1);
    // Sage's guide: "If the value for page is greater than the actual number of pages, the last page will be returned".
    expect((await h.list({ search: 'till', items_per_page: '2', page: '9' })).json()).toEqual(third);
    expect((await h.list({ items_per_page: '200' })).json()).toMatchObject({ $itemsPerPage: 200, $total: 5 });
    // "The maximum value for items_per_page is 200": more is refused, naming the parameter.
    const tooMany = await h.list({ items_per_page: '201' });
    expect(tooMany.statusCode).toBe(422);
    expect(diagnosesOf(tooMany)).toEqual([['items_per_page', expect.any(String)]]);
  });

  it('lists the ledger account types', async () => {
    const response = await h.get('/ledger_account_types?items_per_page=200');
    expect(response.statusCode).toBe(200);
    const page = response.json() as { $total: number; $items: { id: string; displayed_as: string; $path: string }[] };
    expect(page.$total).toBe(13);
    expect(page.$items.map((t) => t.id)).toEqual([
      'SALES',
      'OTHER_INCOME',
      'DIRECT_EXPENSES',
      'OVERHEADS',
      'DEPRECIATION',
      'CURRENT_ASSETS',
      'FIXED_ASSETS',
      'FUTURE_ASSETS',
      'BANK',
      'CURRENT_LIABILITY',
      'FUTURE_LIABILITY',
      'EQUITY',
      'LINE_OF_CREDIT',
    ]);
    expect(page.$items[0]).toEqual({ id: 'SALES', displayed_as: 'Sales', $path: '/ledger_account_types/SALES' });
    expect((await h.get('/ledger_account_types/BANK')).json()).toEqual({
      id: 'BANK',
      displayed_as: 'Bank',
      $path: '/ledger_account_types/BANK',
    });
    expect((await h.get('/ledger_account_types/CASH')).statusCode).toBe(404);
  });

  it('answers 404 to paths Sage does not serve and 405 to deleting a ledger account', async () => {
    expect((await h.get('/accounts')).statusCode).toBe(404);
    const account = accountOf(await h.create(CASH));
    const deleted = await h.app.inject({
      method: 'DELETE',
      url: `/sandbox/sage/v3.1/ledger_accounts/${account.id}`,
      headers: { authorization: `Bearer ${h.tokens.access_token}`, 'x-business': BUSINESS },
    });
    expect(deleted.statusCode).toBe(405);
    expect(h.fake.accounts(BUSINESS)).toHaveLength(1);
  });
});
