import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVERTISING, API, CASH, ORG, OTHER_ORG, accountOf, harness } from '../test-support.js';
import type { Harness, ZohoBody } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ utcOffsetMinutes: 330 });
});
afterEach(async () => {
  await h.close();
});

function expectInvalid(response: { statusCode: number; json(): unknown }, code: number, message: string) {
  expect(response.statusCode).toBe(400);
  expect(response.json()).toEqual({ code, message });
}

describe('POST /books/v3/chartofaccounts', () => {
  it('answers 201 with the account as Zoho shapes it, and keeps it for the organisation', async () => {
    const created = await h.create(CASH);
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = created.json() as ZohoBody;
    expect(body.code).toBe(0);
    expect(body.message).toBe('The account has been created.');
    const account = accountOf(created);
    expect(account).toEqual({
      account_id: expect.stringMatching(/^\d{15}$/),
      account_name: 'Cash',
      account_code: '1000',
      account_type: 'other_current_asset',
      is_active: true,
      currency_id: '460000000000097',
      currency_code: 'USD',
      description: 'Main cash account for daily operations',
      is_system_account: false,
      is_involved_in_transaction: false,
      is_user_created: true,
      can_show_in_ze: false,
      show_on_dashboard: false,
      include_in_vat_return: false,
      custom_fields: [],
      parent_account_id: '',
      parent_account_name: '',
      depth: 0,
      has_transaction: false,
      documents: [],
      // START is 19:00 UTC; the organisation is at +05:30.
      created_time: '2025-06-02T00:30:00+0530',
      last_modified_time: '2025-06-02T00:30:00+0530',
    });
    expect(h.fake.accounts(ORG)).toEqual([account]);
    expect(h.fake.accounts(OTHER_ORG)).toEqual([]);
  });

  it('creates every account active: is_active is not a create field', async () => {
    const account = accountOf(await h.create({ ...ADVERTISING, is_active: false }));
    expect(account.is_active).toBe(true);
  });

  it("takes the organisation's currency ids, custom fields and flags, and ignores unknown keys", async () => {
    const multi = await harness({
      currencies: [
        { currency_id: '982000000000190', currency_code: 'INR' },
        { currency_id: '982000000000200', currency_code: 'USD' },
      ],
    });
    try {
      const account = accountOf(
        await multi.create({
          ...CASH,
          account_type: 'bank',
          currency_id: '982000000000200',
          custom_fields: [{ customfield_id: '460000000080163', value: 'Normal' }],
          show_on_dashboard: true,
          include_in_vat_return: true,
          colour: 'red',
        }),
      );
      expect(account).toMatchObject({
        currency_id: '982000000000200',
        currency_code: 'USD',
        custom_fields: [{ customfield_id: '460000000080163', value: 'Normal' }],
        show_on_dashboard: true,
        include_in_vat_return: true,
      });
      expect(account).not.toHaveProperty('colour');
      // Without a currency_id the account is in the base currency.
      expect(accountOf(await multi.create(ADVERTISING))).toMatchObject({ currency_id: '982000000000190', currency_code: 'INR' });
      // An ISO code is not a currency id.
      expectInvalid(await multi.create({ ...CASH, account_name: 'Euro', currency_id: 'EUR' }), 4, 'Invalid value passed for currency_id');
    } finally {
      await multi.close();
    }
  });

  it.each([
    [{ account_type: 'expense' }, 'Invalid value passed for account_name'],
    [{ account_name: '   ', account_type: 'expense' }, 'Invalid value passed for account_name'],
    [{ account_name: true, account_type: 'expense' }, 'Invalid value passed for account_name'],
    [{ account_name: 'Fees' }, 'Invalid value passed for account_type'],
    [{ account_name: 'Fees', account_type: 'Expense' }, 'Invalid value passed for account_type'],
    [{ account_name: 'Fees', account_type: 'current_asset' }, 'Invalid value passed for account_type'],
    [{ ...ADVERTISING, description: ['x'] }, 'Invalid value passed for description'],
    [{ ...ADVERTISING, show_on_dashboard: 'yes' }, 'Invalid value passed for show_on_dashboard'],
    [{ ...ADVERTISING, custom_fields: { value: 'x' } }, 'Invalid value passed for custom_fields'],
    [{ ...ADVERTISING, custom_fields: [{ value: 'no id' }] }, 'Invalid value passed for custom_fields'],
  ])('refuses %j: %s', async (body, message) => {
    expectInvalid(await h.create(body), 4, message);
    expect(h.fake.accounts(ORG)).toEqual([]);
  });

  // Zoho's screens show Stock, Payment Clearing and tax accounts, but "Create an account" does not
  // list them among account_type's allowed values: the fake refuses them as any undocumented value.
  it.each(['stock', 'payment_clearing', 'input_tax', 'output_tax'])('refuses the undocumented account_type %s with 400', async (type) => {
    expectInvalid(await h.create({ account_name: 'Goods', account_type: type }), 4, 'Invalid value passed for account_type');
    expect(h.fake.accounts(ORG)).toEqual([]);
  });

  it('takes every documented account_type, the IFRS ones included', async () => {
    const documented = ['other_current_asset', 'intangible_asset', 'loans_and_borrowing', 'finance_income', 'depreciation_expense'];
    for (const [index, type] of documented.entries()) {
      expect((await h.create({ account_name: `Account ${index}`, account_type: type })).statusCode, type).toBe(201);
    }
    expect(h.fake.accounts(ORG).map((a) => a.account_type)).toEqual(documented);
  });

  it('reads JSON null as absent and a numeric account code as text', async () => {
    const account = accountOf(await h.create({ ...ADVERTISING, account_code: 6001, description: null, parent_account_id: null }));
    expect(account).toMatchObject({ account_code: '6001', description: '', parent_account_id: '' });
  });

  it('refuses a second account with the same name, whatever its case, and (a setting) the same code', async () => {
    expect((await h.create(CASH)).statusCode).toBe(201);
    expectInvalid(await h.create({ ...CASH, account_code: '1001' }), 1001, 'Account "Cash" already exists.');
    expectInvalid(await h.create({ ...CASH, account_name: ' cash ', account_code: '1001' }), 1001, 'Account "cash" already exists.');
    expectInvalid(await h.create({ ...CASH, account_name: 'Petty Cash' }), 1001, 'Account code "1000" already exists.');
    expect(h.fake.accounts(ORG)).toHaveLength(1);
    // Names are unique per organisation only.
    const other = h.fake.mintTokens(OTHER_ORG);
    expect((await h.create(CASH, { organizationId: OTHER_ORG, token: other.access_token })).statusCode).toBe(201);

    const lenient = await harness({ uniqueAccountCodes: false });
    try {
      expect((await lenient.create(CASH)).statusCode).toBe(201);
      expect((await lenient.create({ ...CASH, account_name: 'Petty Cash' })).statusCode).toBe(201);
    } finally {
      await lenient.close();
    }
  });

  it('creates a sub-account under a parent of the same type, one level deeper', async () => {
    const parent = accountOf(await h.create({ account_name: 'Current Assets', account_type: 'other_current_asset', account_code: '1100' }));
    const child = accountOf(await h.create({ ...CASH, parent_account_id: parent.account_id }));
    expect(child).toMatchObject({ parent_account_id: parent.account_id, parent_account_name: 'Current Assets', depth: 1 });
    const grandchild = accountOf(
      await h.create({ account_name: 'Till', account_type: 'other_current_asset', parent_account_id: child.account_id }),
    );
    expect(grandchild).toMatchObject({ parent_account_id: child.account_id, parent_account_name: 'Cash', depth: 2 });
  });

  it('refuses a parent that is not in the organisation, or of another type', async () => {
    const expense = accountOf(await h.create(ADVERTISING));
    expectInvalid(await h.create({ ...CASH, parent_account_id: '460000000099999' }), 4, 'Invalid value passed for parent_account_id');
    expectInvalid(
      await h.create({ ...CASH, parent_account_id: expense.account_id }),
      4,
      'The parent account should be of the same account type.',
    );
    const other = h.fake.mintTokens(OTHER_ORG);
    const elsewhere = accountOf(await h.create(CASH, { organizationId: OTHER_ORG, token: other.access_token }));
    expectInvalid(await h.create({ ...CASH, parent_account_id: elsewhere.account_id }), 4, 'Invalid value passed for parent_account_id');
    expect(h.fake.accounts(ORG).map((a) => a.account_name)).toEqual(['Advertising']);
  });

  it('reads a body as JSON, or from the JSONString field of a form, and refuses anything else', async () => {
    const form = await h.app.inject({
      method: 'POST',
      url: `${API}/chartofaccounts?organization_id=${ORG}`,
      headers: { authorization: `Zoho-oauthtoken ${h.tokens.access_token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ JSONString: JSON.stringify(ADVERTISING) }).toString(),
    });
    expect(form.statusCode).toBe(201);
    expectInvalid(await h.create(undefined, { rawBody: '{"account_name": "Fees",' }), 1038, 'JSON is not well formed');
    expectInvalid(await h.create(undefined, { rawBody: '["Fees"]' }), 1038, 'JSON is not well formed');
    expectInvalid(await h.create(undefined, { rawBody: '' }), 4, 'Invalid value passed for JSONString');
    const text = await h.create(undefined, { rawBody: JSON.stringify(CASH), headers: { 'content-type': 'text/plain' } });
    expectInvalid(text, 4, 'Invalid value passed for JSONString');
    expect(h.fake.accounts(ORG).map((a) => a.account_name)).toEqual(['Advertising']);
  });
});

describe('GET /books/v3/chartofaccounts/{account_id}', () => {
  it("answers the account's fields beside code and message, as Zoho's OpenAPI document shows", async () => {
    const account = accountOf(await h.create(CASH));
    const read = await h.read(account.account_id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ code: 0, message: 'success', ...account, closing_balance: 0 });
  });

  it('answers 404 code 1002 for an id the organisation does not have', async () => {
    const other = h.fake.mintTokens(OTHER_ORG);
    const elsewhere = accountOf(await h.create(CASH, { organizationId: OTHER_ORG, token: other.access_token }));
    for (const id of ['460000000099999', elsewhere.account_id]) {
      const read = await h.read(id);
      expect(read.statusCode).toBe(404);
      expect(read.json()).toEqual({ code: 1002, message: 'Account does not exist.' });
    }
  });

  it('answers 404 code 5 for a path it does not serve, after checking the token', async () => {
    const unknown = await h.app.inject({
      method: 'GET',
      url: `${API}/invoices?organization_id=${ORG}`,
      headers: { authorization: `Zoho-oauthtoken ${h.tokens.access_token}` },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ code: 5, message: 'Invalid URL Passed' });
    const anonymous = await h.app.inject({ method: 'GET', url: `${API}/invoices?organization_id=${ORG}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
