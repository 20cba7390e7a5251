import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_REALM, PREFIX, REALM, faultOf, harness } from '../test-support.js';
import type { Harness } from '../test-support.js';

const INTUIT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const INTUIT_TIME_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

type AccountBody = { Account: Record<string, unknown> & { Id: string }; time: string };

describe('create account', () => {
  it('answers 200 with the account as QuickBooks shapes it, readable by GET and by query', async () => {
    const created = await h.create({ Name: 'Office Supplies', AccountType: 'Expense', AccountSubType: 'OfficeGeneralAdministrativeExpenses', AcctNum: '6100', Description: 'Pens' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.headers.intuit_tid).toMatch(/^[0-9a-f-]{36}$/);
    const body = created.json() as AccountBody;
    expect(body.time).toMatch(INTUIT_TIME_MS);
    expect(body.Account).toMatchObject({
      Id: '1',
      SyncToken: '0',
      Name: 'Office Supplies',
      FullyQualifiedName: 'Office Supplies',
      SubAccount: false,
      Active: true,
      Classification: 'Expense',
      AccountType: 'Expense',
      AccountSubType: 'OfficeGeneralAdministrativeExpenses',
      AcctNum: '6100',
      Description: 'Pens',
      CurrentBalance: 0,
      CurrentBalanceWithSubAccounts: 0,
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      domain: 'QBO',
      sparse: false,
    });
    const meta = body.Account.MetaData as { CreateTime: string; LastUpdatedTime: string };
    expect(meta.CreateTime).toMatch(INTUIT_TIME);
    expect(meta.LastUpdatedTime).toBe(meta.CreateTime);

    const read = await h.read(body.Account.Id);
    expect(read.statusCode).toBe(200);
    expect((read.json() as AccountBody).Account).toEqual(body.Account);

    const query = await h.query("select * from Account where Name = 'Office Supplies'");
    expect(query.statusCode).toBe(200);
    expect(query.json()).toMatchObject({ QueryResponse: { Account: [body.Account], startPosition: 1, maxResults: 1 } });
    expect(h.fake.accounts(REALM)).toEqual([body.Account]);
  });

  it('numbers accounts per realm and keeps realms apart', async () => {
    const first = (await h.create({ Name: 'A', AccountType: 'Bank' })).json() as AccountBody;
    const second = (await h.create({ Name: 'B', AccountType: 'Bank' })).json() as AccountBody;
    const other = h.fake.mintTokens(OTHER_REALM);
    const elsewhere = await h.create({ Name: 'A', AccountType: 'Bank' }, { realm: OTHER_REALM, token: other.access_token });
    expect([first.Account.Id, second.Account.Id]).toEqual(['1', '2']);
    expect(elsewhere.statusCode).toBe(200);
    expect((elsewhere.json() as AccountBody).Account.Id).toBe('1');
    expect((await h.read('2', { realm: OTHER_REALM, token: other.access_token })).statusCode).toBe(400);
  });

  it('refuses a duplicate name case-insensitively, naming the existing Id', async () => {
    await h.create({ Name: 'Rent', AccountType: 'Expense' });
    const duplicate = await h.create({ Name: '  rENT ', AccountType: 'Expense' });
    expect(duplicate.statusCode).toBe(400);
    expect(faultOf(duplicate)).toEqual({
      Message: 'Duplicate Name Exists Error',
      Detail: 'The name supplied already exists. : Id=1',
      code: '6240',
      element: 'Name',
      type: 'ValidationFault',
    });
    expect((duplicate.json() as { time: string }).time).toMatch(INTUIT_TIME_MS);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
  });

  it('defaults the subtype to the type default and infers the type from a subtype alone', async () => {
    const bank = (await h.create({ Name: 'Cash', AccountType: 'Bank' })).json() as AccountBody;
    expect(bank.Account.AccountSubType).toBe('CashOnHand');
    const inferred = await h.create({ Name: 'Checking', AccountSubType: 'Checking' });
    expect(inferred.statusCode).toBe(200);
    expect((inferred.json() as AccountBody).Account).toMatchObject({ AccountType: 'Bank', Classification: 'Asset' });
  });

  it.each([
    ['Bank', 'Checking', 'Asset'],
    ['Other Current Asset', 'OtherCurrentAssets', 'Asset'],
    ['Other Current Asset', 'Inventory', 'Asset'],
    ['Other Current Asset', 'PrepaidExpenses', 'Asset'],
    ['Accounts Receivable', 'AccountsReceivable', 'Asset'],
    ['Fixed Asset', 'OtherFixedAssets', 'Asset'],
    ['Other Asset', 'OtherLongTermAssets', 'Asset'],
    ['Accounts Payable', 'AccountsPayable', 'Liability'],
    ['Credit Card', 'CreditCard', 'Liability'],
    ['Other Current Liability', 'OtherCurrentLiabilities', 'Liability'],
    ['Long Term Liability', 'OtherLongTermLiabilities', 'Liability'],
    ['Equity', 'OwnersEquity', 'Equity'],
    ['Income', 'SalesOfProductIncome', 'Revenue'],
    ['Income', 'OtherPrimaryIncome', 'Revenue'],
    ['Other Income', 'OtherMiscellaneousIncome', 'Revenue'],
    ['Cost of Goods Sold', 'SuppliesMaterialsCogs', 'Expense'],
    ['Expense', 'OtherMiscellaneousServiceCost', 'Expense'],
    ['Expense', 'OfficeGeneralAdministrativeExpenses', 'Expense'],
    ['Other Expense', 'Depreciation', 'Expense'],
    ['Other Expense', 'OtherMiscellaneousExpense', 'Expense'],
  ])('accepts %s / %s, classified %s', async (AccountType, AccountSubType, classification) => {
    const response = await h.create({ Name: `${AccountType} ${AccountSubType}`, AccountType, AccountSubType });
    expect(response.statusCode).toBe(200);
    expect((response.json() as AccountBody).Account).toMatchObject({ AccountType, AccountSubType, Classification: classification });
  });

  it.each([
    ['missing Name', { AccountType: 'Bank' }, '2020', 'Name'],
    ['blank Name', { Name: '   ', AccountType: 'Bank' }, '2020', 'Name'],
    ['missing AccountType and AccountSubType', { Name: 'X' }, '2020', 'AccountType'],
    ['unknown AccountType', { Name: 'X', AccountType: 'Banking' }, '2170', 'AccountType'],
    ['AccountType in the wrong case', { Name: 'X', AccountType: 'bank' }, '2170', 'AccountType'],
    ['subtype of another type', { Name: 'X', AccountType: 'Bank', AccountSubType: 'Inventory' }, '2170', 'AccountSubType'],
    ['unknown subtype alone', { Name: 'X', AccountSubType: 'Nonsense' }, '2170', 'AccountSubType'],
    ['Name with a colon', { Name: 'Parent:Child', AccountType: 'Bank' }, '6000', 'Name'],
    ['Name with a double quote', { Name: 'The "best"', AccountType: 'Bank' }, '6000', 'Name'],
    ['Name over 100 characters', { Name: 'n'.repeat(101), AccountType: 'Bank' }, '2050', 'Name'],
    ['Description over 100 characters', { Name: 'X', AccountType: 'Bank', Description: 'd'.repeat(101) }, '2050', 'Description'],
    ['AcctNum with a colon', { Name: 'X', AccountType: 'Bank', AcctNum: '10:1' }, '6000', 'AcctNum'],
    ['unknown property', { Name: 'X', AccountType: 'Bank', Colour: 'red' }, '2010', 'Colour'],
    ['ParentRef that is not an object', { Name: 'X', AccountType: 'Bank', ParentRef: '1' }, '2010', 'ParentRef'],
    ['SubAccount without ParentRef', { Name: 'X', AccountType: 'Bank', SubAccount: true }, '2020', 'ParentRef'],
    ['unknown parent', { Name: 'X', AccountType: 'Bank', ParentRef: { value: '404' }, SubAccount: true }, '2500', 'ParentRef'],
    ['unknown currency', { Name: 'X', AccountType: 'Bank', CurrencyRef: { value: 'XYZ' } }, '2500', 'CurrencyRef'],
  ])('refuses %s with code %s', async (_case, body, code, element) => {
    const response = await h.create(body);
    expect(response.statusCode).toBe(400);
    const fault = faultOf(response);
    expect(fault).toMatchObject({ code, element, type: 'ValidationFault' });
    expect(fault.Message.length).toBeGreaterThan(0);
    expect(h.fake.accounts(REALM)).toEqual([]);
  });

  it('uses the messages Intuit documents for required and invalid reference faults', async () => {
    expect(faultOf(await h.create({ AccountType: 'Bank' }))).toMatchObject({
      Message: 'Required param missing, need to supply the required value for the API',
      Detail: 'Required parameter Name is missing in the request',
    });
    expect(faultOf(await h.create({ Name: 'X', AccountType: 'Bank', ParentRef: { value: '9' } })).Message).toBe('Invalid Reference Id');
    expect(faultOf(await h.create({ Name: 'X', AccountType: 'Nope' })).Message).toBe('Invalid Enumeration');
  });

  it('refuses malformed JSON and a wrapped body with 2010', async () => {
    const malformed = await h.create(undefined, { rawBody: '{"Name": "X",' });
    expect(malformed.statusCode).toBe(400);
    expect(faultOf(malformed)).toMatchObject({ code: '2010', Message: 'Request has invalid or unsupported property' });
    const wrapped = await h.create({ Account: { Name: 'X', AccountType: 'Bank' } });
    expect(faultOf(wrapped).code).toBe('2010');
    const array = await h.create([{ Name: 'X', AccountType: 'Bank' }]);
    expect(faultOf(array).code).toBe('2010');
  });

  it('ignores read-only properties instead of storing them (an Id makes it an update: see books.test.ts)', async () => {
    const response = await h.create({ Name: 'Sales', AccountType: 'Income', Classification: 'Asset', CurrentBalance: 50, SyncToken: '7', domain: 'QBO' });
    expect(response.statusCode).toBe(200);
    expect((response.json() as AccountBody).Account).toMatchObject({ Id: '1', Classification: 'Revenue', CurrentBalance: 0, SyncToken: '0' });
  });

  it('accepts a numeric AcctNum and a foreign currency on a bank account', async () => {
    const response = await h.create({ Name: 'Euro bank', AccountType: 'Bank', Active: true, AcctNum: 1010, CurrencyRef: { value: 'EUR' } });
    expect((response.json() as AccountBody).Account).toMatchObject({ Active: true, AcctNum: '1010', CurrencyRef: { value: 'EUR', name: 'Euro' } });
  });

  it('creates no inactive account', async () => {
    const response = await h.create({ Name: 'Dormant', AccountType: 'Bank', Active: false });
    expect(response.statusCode).toBe(400);
    expect(faultOf(response)).toMatchObject({ code: '6000', element: 'Active', type: 'ValidationFault' });
    expect(h.fake.accounts(REALM)).toEqual([]);
  });

  it("keeps income and expense accounts in the company's home currency", async () => {
    const foreign = await h.create({ Name: 'Euro fees', AccountType: 'Income', CurrencyRef: { value: 'EUR' } });
    expect(foreign.statusCode).toBe(400);
    expect(faultOf(foreign)).toMatchObject({ code: '6000', element: 'CurrencyRef' });
    const home = await h.create({ Name: 'Fees', AccountType: 'Income', CurrencyRef: { value: 'USD' } });
    expect((home.json() as AccountBody).Account).toMatchObject({ CurrencyRef: { value: 'USD' } });
    // A balance-sheet account of any kind may hold another currency, an equity account included.
    expect((await h.create({ Name: 'Euro capital', AccountType: 'Equity', CurrencyRef: { value: 'EUR' } })).statusCode).toBe(200);
    expect(h.fake.accounts(REALM).map((a) => a.Name)).toEqual(['Fees', 'Euro capital']);
  });

  it("limits AcctNum by the company's country: 7 characters in the US, 20 in Australia", async () => {
    const long = await h.create({ Name: 'Eight', AccountType: 'Bank', AcctNum: '12345678' });
    expect(long.statusCode).toBe(400);
    expect(faultOf(long)).toMatchObject({
      code: '2050',
      element: 'AcctNum',
      Detail: 'String length specified does not match the supported length. Min:0 Max:7 supplied length:8',
    });
    expect((await h.create({ Name: 'Seven', AccountType: 'Bank', AcctNum: '1234567' })).statusCode).toBe(200);

    const other = h.fake.mintTokens(OTHER_REALM);
    h.fake.configureRealm(OTHER_REALM, { country: 'au' });
    const realm = { realm: OTHER_REALM, token: other.access_token };
    const australian = await h.create({ Name: 'Twenty', AccountType: 'Bank', AcctNum: '1'.repeat(20) }, realm);
    expect((australian.json() as AccountBody).Account).toMatchObject({ AcctNum: '1'.repeat(20), CurrencyRef: { value: 'AUD' } });
    expect(faultOf(await h.create({ Name: 'Too long', AccountType: 'Bank', AcctNum: '1'.repeat(21) }, realm)).code).toBe('2050');
    expect(() => h.fake.configureRealm(OTHER_REALM, { country: 'DE' })).toThrow(RangeError);
  });

  it('refuses an account number already in use', async () => {
    await h.create({ Name: 'A', AccountType: 'Bank', AcctNum: '1000' });
    const clash = await h.create({ Name: 'B', AccountType: 'Bank', AcctNum: '1000' });
    expect(faultOf(clash)).toMatchObject({ code: '6000', element: 'AcctNum' });
  });

  it('creates sub-accounts with the parent chain in FullyQualifiedName and rolls balances up', async () => {
    const parent = (await h.create({ Name: 'Assets', AccountType: 'Other Current Asset', OpeningBalance: 10, OpeningBalanceDate: '2025-01-01' })).json() as AccountBody;
    const child = await h.create({ Name: 'Deposits', AccountType: 'Other Current Asset', ParentRef: { value: parent.Account.Id }, SubAccount: true, OpeningBalance: 5 });
    expect(child.statusCode).toBe(200);
    const childAccount = (child.json() as AccountBody).Account;
    expect(childAccount).toMatchObject({ SubAccount: true, ParentRef: { value: parent.Account.Id }, FullyQualifiedName: 'Assets:Deposits', CurrentBalance: 5 });
    const grandchild = (await h.create({ Name: 'Rent deposit', AccountType: 'Other Current Asset', ParentRef: { value: childAccount.Id } })).json() as AccountBody;
    expect(grandchild.Account).toMatchObject({ SubAccount: true, FullyQualifiedName: 'Assets:Deposits:Rent deposit' });
    const reread = (await h.read(parent.Account.Id)).json() as AccountBody;
    expect(reread.Account).toMatchObject({ CurrentBalance: 10, CurrentBalanceWithSubAccounts: 15 });
    // The answer already given is not rewritten by the roll-up.
    expect(parent.Account.CurrentBalanceWithSubAccounts).toBe(10);
  });

  it('requires a sub-account to share its parent type, unless configured otherwise', async () => {
    const parent = (await h.create({ Name: 'Utilities', AccountType: 'Expense' })).json() as AccountBody;
    const mismatch = await h.create({ Name: 'Gas', AccountType: 'Bank', ParentRef: { value: parent.Account.Id } });
    expect(faultOf(mismatch)).toMatchObject({ code: '6000', element: 'ParentRef' });

    const lenient = await (await import('../test-support.js')).harness({ requireParentSameType: false });
    try {
      const p = (await lenient.create({ Name: 'Utilities', AccountType: 'Expense' })).json() as AccountBody;
      expect((await lenient.create({ Name: 'Gas', AccountType: 'Bank', ParentRef: { value: p.Account.Id } })).statusCode).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('ignores an opening balance on a profit-and-loss account', async () => {
    const response = await h.create({ Name: 'Sales', AccountType: 'Income', OpeningBalance: 100 });
    expect((response.json() as AccountBody).Account).toMatchObject({ CurrentBalance: 0, CurrentBalanceWithSubAccounts: 0 });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await h.create(undefined, { rawBody: 'Name=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(415);
    expect(faultOf(response).code).toBe('1050');
  });

  it('answers XML, as QuickBooks does, to a client that does not ask for JSON', async () => {
    const response = await h.create({ Name: 'Petty cash', AccountType: 'Bank' }, { headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.body).toContain('<Account domain="QBO" sparse="false"><Id>1</Id>');
    expect(response.body).toContain('<CurrencyRef name="United States Dollar">USD</CurrencyRef>');
    const fault = await h.create({ Name: 'Petty cash', AccountType: 'Bank' }, { headers: { accept: 'application/xml' } });
    expect(fault.body).toContain('<Fault type="ValidationFault"><Error code="6240" element="Name">');
  });
});

describe('idempotency (requestid)', () => {
  it('replays the original answer without creating again', async () => {
    const first = await h.create({ Name: 'Travel', AccountType: 'Expense' }, { requestid: 'key-1' });
    h.advance(5_000);
    const again = await h.create({ Name: 'Travel', AccountType: 'Expense' }, { requestid: 'key-1' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
    // A new key is a new request: the name is now taken.
    const fresh = await h.create({ Name: 'Travel', AccountType: 'Expense' }, { requestid: 'key-2' });
    expect(faultOf(fresh).code).toBe('6240');
  });

  it('replays a fault too, even when the retry would now succeed', async () => {
    const first = await h.create({ Name: 'Meals' }, { requestid: 'k' });
    const retry = await h.create({ Name: 'Meals', AccountType: 'Expense' }, { requestid: 'k' });
    expect(first.statusCode).toBe(400);
    expect(retry.statusCode).toBe(400);
    expect(retry.body).toBe(first.body);
    expect(h.fake.accounts(REALM)).toEqual([]);
  });

  it('scopes keys per realm', async () => {
    const other = h.fake.mintTokens(OTHER_REALM);
    await h.create({ Name: 'A', AccountType: 'Bank' }, { requestid: 'same' });
    const elsewhere = await h.create({ Name: 'B', AccountType: 'Bank' }, { requestid: 'same', realm: OTHER_REALM, token: other.access_token });
    expect((elsewhere.json() as AccountBody).Account.Name).toBe('B');
  });

  it('replays a 415 too: the data service answered it', async () => {
    const first = await h.create(undefined, { requestid: 'k415', rawBody: 'Name=X', headers: { 'content-type': 'text/plain' } });
    expect(first.statusCode).toBe(415);
    const retry = await h.create({ Name: 'X', AccountType: 'Bank' }, { requestid: 'k415' });
    expect(retry.statusCode).toBe(415);
    expect(retry.body).toBe(first.body);
    expect(h.fake.accounts(REALM)).toEqual([]);
  });

  it('remembers no answer the gateway gave: a throttled or failed request runs when sent again', async () => {
    h.fake.injectFault({ kind: 'status', status: 503 });
    expect((await h.create({ Name: 'A', AccountType: 'Bank' }, { requestid: 'k503' })).statusCode).toBe(503);
    expect((await h.create({ Name: 'A', AccountType: 'Bank' }, { requestid: 'k503' })).statusCode).toBe(200);
    expect(h.fake.accounts(REALM)).toHaveLength(1);
  });

  it('runs an Account create again, its requestid unread, in a realm set to the reported behaviour', async () => {
    h.fake.configureRealm(REALM, { nameListRequestIds: 'ignore' });
    expect((await h.create({ Name: 'Travel', AccountType: 'Expense' }, { requestid: 'key-1' })).statusCode).toBe(200);
    const again = await h.create({ Name: 'Travel', AccountType: 'Expense' }, { requestid: 'key-1' });
    expect(faultOf(again)).toMatchObject({ code: '6240', Detail: 'The name supplied already exists. : Id=1' });
    expect(h.fake.accounts(REALM)).toHaveLength(1);
    // Other realms keep the documented replay.
    const other = h.fake.mintTokens(OTHER_REALM);
    const realm = { realm: OTHER_REALM, token: other.access_token, requestid: 'key-1' };
    const first = await h.create({ Name: 'Travel', AccountType: 'Expense' }, realm);
    expect((await h.create({ Name: 'Travel', AccountType: 'Expense' }, realm)).body).toBe(first.body);
  });

  it('refuses a requestid over 50 characters', async () => {
    const response = await h.create({ Name: 'A', AccountType: 'Bank' }, { requestid: 'r'.repeat(51) });
    expect(response.statusCode).toBe(400);
    expect(faultOf(response)).toMatchObject({ code: '2050', element: 'requestid' });
    expect((await h.create({ Name: 'A', AccountType: 'Bank' }, { requestid: 'r'.repeat(50) })).statusCode).toBe(200);
  });
});

describe('read and unknown routes', () => {
  it('answers 400 Object Not Found (610) for an unknown Id', async () => {
    const response = await h.read('42');
    expect(response.statusCode).toBe(400);
    expect(faultOf(response)).toMatchObject({ code: '610', Message: 'Object Not Found', type: 'ValidationFault' });
  });

  it('answers Unsupported Operation (500) for an entity or method it does not serve', async () => {
    const token = h.tokens.access_token;
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const vendor = await h.app.inject({ method: 'GET', url: `${PREFIX}/v3/company/${REALM}/vendor/1`, headers });
    expect(vendor.statusCode).toBe(400);
    expect(faultOf(vendor).code).toBe('500');
    const put = await h.app.inject({ method: 'PUT', url: `${PREFIX}/v3/company/${REALM}/account`, headers, payload: '{}' });
    expect(faultOf(put).code).toBe('500');
  });
});
