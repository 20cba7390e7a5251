import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, BANK, EXPENSE, OTHER_TENANT, TENANT, accountOf, harness, validationMessages } from '../test-support.js';
import type { AccountsBody, ExceptionBody, Harness } from '../test-support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('PUT /Accounts', () => {
  it('answers 200 with the account as Xero shapes it, readable by id and by where', async () => {
    const created = await h.create(EXPENSE);
    expect(created.statusCode).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.headers['xero-correlation-id']).toMatch(UUID);
    // Xero's serialiser escapes the slashes of its dates.
    expect(created.body).toContain('"DateTimeUTC":"\\/Date(');
    const body = created.json() as AccountsBody;
    expect(body).toMatchObject({ Status: 'OK', ProviderName: 'Ledgersync Sandbox', DateTimeUTC: `/Date(${h.now()})/` });
    expect(body.Id).toMatch(UUID);
    expect(body.Accounts).toHaveLength(1);
    const account = accountOf(created);
    expect(account).toEqual({
      AccountID: account.AccountID,
      Code: '400',
      Name: 'Advertising',
      Status: 'ACTIVE',
      Type: 'EXPENSE',
      TaxType: 'INPUT',
      Description: 'Ads and marketing',
      Class: 'EXPENSE',
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: false,
      ReportingCode: 'EXP',
      ReportingCodeName: 'Expense',
      HasAttachments: false,
      UpdatedDateUTC: `/Date(${h.now()}+0000)/`,
      AddToWatchlist: false,
    });
    expect(account.AccountID).toMatch(UUID);

    const read = await h.read(account.AccountID);
    expect(read.statusCode).toBe(200);
    expect((read.json() as AccountsBody).Accounts).toEqual([account]);
    const byUpperCaseId = await h.read(account.AccountID.toUpperCase());
    expect(byUpperCaseId.statusCode).toBe(200);

    const found = await h.list({ where: 'Code=="400"' });
    expect((found.json() as AccountsBody).Accounts).toEqual([account]);
    expect(h.fake.accounts(TENANT)).toEqual([account]);
  });

  it('fills in a BANK account: bank type, base currency, NONE tax, ASSET class', async () => {
    const account = accountOf(await h.create(BANK));
    expect(account).toMatchObject({
      Type: 'BANK',
      Class: 'ASSET',
      TaxType: 'NONE',
      BankAccountNumber: '0209087654321050',
      BankAccountType: 'BANK',
      CurrencyCode: 'NZD',
      ReportingCode: 'ASS',
    });
    expect(account).not.toHaveProperty('Description');
    const eur = accountOf(
      await h.create({ ...BANK, Code: '091', Name: 'Euro account', CurrencyCode: 'EUR', BankAccountType: 'CREDITCARD' }),
    );
    expect(eur).toMatchObject({ CurrencyCode: 'EUR', BankAccountType: 'CREDITCARD' });
  });

  it.each([
    ['BANK', 'ASSET'],
    ['CURRENT', 'ASSET'],
    ['FIXED', 'ASSET'],
    ['INVENTORY', 'ASSET'],
    ['NONCURRENT', 'ASSET'],
    ['PREPAYMENT', 'ASSET'],
    ['EQUITY', 'EQUITY'],
    ['DEPRECIATN', 'EXPENSE'],
    ['DIRECTCOSTS', 'EXPENSE'],
    ['EXPENSE', 'EXPENSE'],
    ['OVERHEADS', 'EXPENSE'],
    ['CURRLIAB', 'LIABILITY'],
    ['LIABILITY', 'LIABILITY'],
    ['TERMLIAB', 'LIABILITY'],
    ['PAYG', 'LIABILITY'],
    ['OTHERINCOME', 'REVENUE'],
    ['REVENUE', 'REVENUE'],
    ['SALES', 'REVENUE'],
  ])('derives the Class of %s: %s', async (Type, Class) => {
    const body = { Code: 'C1', Name: `A ${Type}`, Type, ...(Type === 'BANK' ? { BankAccountNumber: '1' } : {}) };
    const response = await h.create(body);
    expect(response.statusCode, response.body).toBe(200);
    expect(accountOf(response)).toMatchObject({ Type, Class });
  });

  it('keeps given TaxType, ReportingCode and flags, ignores read-only and unknown properties', async () => {
    const account = accountOf(
      await h.create({
        ...EXPENSE,
        TaxType: 'NONE',
        ReportingCode: 'EXP.ADV',
        EnablePaymentsToAccount: true,
        ShowInExpenseClaims: true,
        AddToWatchlist: true,
        Class: 'ASSET',
        HasAttachments: true,
        Status: 'ACTIVE',
        Colour: 'red',
      }),
    );
    expect(account).toMatchObject({
      TaxType: 'NONE',
      ReportingCode: 'EXP.ADV',
      EnablePaymentsToAccount: true,
      ShowInExpenseClaims: true,
      AddToWatchlist: true,
      Class: 'EXPENSE',
      HasAttachments: false,
      Status: 'ACTIVE',
    });
    expect(account).not.toHaveProperty('Colour');
  });

  it('takes the first account of an {"Accounts": [...]} wrapper and treats nulls as absent', async () => {
    const response = await h.create({ Accounts: [{ ...EXPENSE, Description: null, TaxType: null }] });
    expect(response.statusCode).toBe(200);
    expect(accountOf(response)).not.toHaveProperty('Description');
    expect(accountOf(response).TaxType).toBe('INPUT');
  });

  it('keeps tenants apart', async () => {
    await h.create(EXPENSE);
    const other = h.fake.mintTokens(OTHER_TENANT);
    const elsewhere = await h.create(EXPENSE, { tenant: OTHER_TENANT, token: other.access_token });
    expect(elsewhere.statusCode).toBe(200);
    expect((await h.read(accountOf(elsewhere).AccountID)).statusCode).toBe(404);
    expect(h.fake.accounts(OTHER_TENANT)).toHaveLength(1);
  });
});

describe('OpenAPI schema validation', () => {
  it.each([
    [
      'a Type outside the AccountType enum',
      { ...EXPENSE, Type: 'EXPENSES' },
      `Error converting value "EXPENSES" to type 'Xero.API.Library.DataContracts.AccountType'. Path 'Type'.`,
    ],
    [
      'a lower-case Type',
      { ...EXPENSE, Type: 'expense' },
      `Error converting value "expense" to type 'Xero.API.Library.DataContracts.AccountType'. Path 'Type'.`,
    ],
    [
      'an object for a string',
      { ...EXPENSE, Name: { text: 'x' } },
      "Unexpected character encountered while parsing value: {. Path 'Name'.",
    ],
    ['a number for a string', { ...EXPENSE, Code: 400 }, `Error converting value 400 to type 'System.String'. Path 'Code'.`],
    [
      'a string for a boolean',
      { ...EXPENSE, EnablePaymentsToAccount: 'yes' },
      "Could not convert string to boolean: yes. Path 'EnablePaymentsToAccount'.",
    ],
    [
      'a currency outside the CurrencyCode enum',
      { ...BANK, CurrencyCode: 'XXX' },
      `Error converting value "XXX" to type 'Xero.API.Library.DataContracts.CurrencyCode'. Path 'CurrencyCode'.`,
    ],
    [
      'a malformed AccountID',
      { ...EXPENSE, AccountID: 'not-a-guid' },
      `Error converting value "not-a-guid" to type 'System.Guid'. Path 'AccountID'.`,
    ],
    [
      'a Status outside its enum',
      { ...EXPENSE, Status: 'GONE' },
      `Error converting value "GONE" to type 'Xero.API.Library.DataContracts.Status'. Path 'Status'.`,
    ],
    [
      'an array body',
      [EXPENSE],
      `Error converting value [{"Code":"400","Name":"Advertising","Type":"EXPENSE","Description":"Ads and marketing"}] to type 'Xero.API.Library.DataContracts.Account'. Path ''.`,
    ],
  ])('refuses %s with PostDataInvalidException (14)', async (_case, body, message) => {
    const response = await h.create(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message });
    expect(h.fake.accounts(TENANT)).toEqual([]);
  });

  it('reports the first offending property in body order, with the wrapper path', async () => {
    const response = await h.create({ Accounts: [{ ...EXPENSE, ShowInExpenseClaims: 'no', Type: 'NOPE' }] });
    expect((response.json() as ExceptionBody).Message).toBe(
      `Error converting value "NOPE" to type 'Xero.API.Library.DataContracts.AccountType'. Path 'Accounts[0].Type'.`,
    );
  });

  it('refuses a Name over the schema maxLength (150) as a validation error', async () => {
    expect((await h.create({ ...EXPENSE, Name: 'n'.repeat(150) })).statusCode).toBe(200);
    const response = await h.create({ ...EXPENSE, Code: '401', Name: 'n'.repeat(151) });
    expect(validationMessages(response)).toEqual(['Account Name is too long. Maximum of 150 characters allowed']);
  });

  it('answers schema problems as a ValidationException when configured to', async () => {
    const strict = await harness({ schemaErrorStyle: 'validation-exception' });
    try {
      const response = await strict.create({ ...EXPENSE, Type: 'NOPE', AddToWatchlist: 'maybe' });
      expect(response.statusCode).toBe(400);
      const body = response.json() as ExceptionBody;
      expect(body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred' });
      expect(validationMessages(response)).toEqual([
        `Error converting value "NOPE" to type 'Xero.API.Library.DataContracts.AccountType'. Path 'Type'.`,
        "Could not convert string to boolean: maybe. Path 'AddToWatchlist'.",
      ]);
    } finally {
      await strict.close();
    }
  });

  it('refuses malformed JSON with PostDataInvalidException and an empty body with the no-data message', async () => {
    const malformed = await h.create(undefined, { rawBody: '{"Code": "400",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ ErrorNumber: 14, Type: 'PostDataInvalidException' });
    const empty = await h.create(undefined, { rawBody: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'No data has been processed for this endpoint. This endpoint is expecting Account data to be specifed in the request body.',
    });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await h.create(undefined, { rawBody: '<Account/>', headers: { 'content-type': 'application/xml' } });
    expect(response.statusCode).toBe(415);
  });
});

describe('business rules', () => {
  it('refuses a duplicate Code and echoes the account with the ValidationException envelope', async () => {
    await h.create(EXPENSE);
    const response = await h.create({ ...EXPENSE, Name: 'Another name' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [
        {
          AccountID: '00000000-0000-0000-0000-000000000000',
          Code: '400',
          Name: 'Another name',
          Type: 'EXPENSE',
          Description: 'Ads and marketing',
          ValidationErrors: [{ Message: 'Please enter a unique Code.' }],
        },
      ],
    });
    expect(h.fake.accounts(TENANT)).toHaveLength(1);
  });

  it("refuses a duplicate Name case-insensitively, with Xero's message", async () => {
    await h.create(EXPENSE);
    const response = await h.create({ ...EXPENSE, Code: '401', Name: '  ADVERTISING ' });
    expect(validationMessages(response)).toEqual(['Please enter a unique Name.']);
    expect(h.fake.accounts(TENANT)).toHaveLength(1);
  });

  it.each([
    [
      'BANK without BankAccountNumber',
      { Code: '090', Name: 'Bank', Type: 'BANK' },
      ['Please enter a Bank Account Number for a BANK account.'],
    ],
    ['Description on BANK', { ...BANK, Description: 'Main account' }, ['Description cannot be set on a BANK account.']],
    ['CurrencyCode on a non-BANK account', { ...EXPENSE, CurrencyCode: 'EUR' }, ['Currency Code can only be set on a BANK account.']],
    ['Code over 10 characters', { ...EXPENSE, Code: '12345678901' }, ['Account Code is too long. Maximum of 10 characters allowed']],
    ['Code that is not alphanumeric', { ...EXPENSE, Code: '4-00' }, ['Account Code must only contain letters and numbers.']],
    ['missing Code', { Name: 'X', Type: 'EXPENSE' }, ['Please enter a Code.']],
    ['missing Name', { Code: '1', Type: 'EXPENSE' }, ['Please enter a Name.']],
    ['missing Type', { Code: '1', Name: 'X' }, ['Please select an Account Type.']],
    [
      'Description over 4000 characters',
      { ...EXPENSE, Description: 'd'.repeat(4001) },
      ['Account Description is too long. Maximum of 4000 characters allowed'],
    ],
    [
      'several problems at once',
      { Type: 'BANK', Description: 'x' },
      [
        'Please enter a Code.',
        'Please enter a Name.',
        'Please enter a Bank Account Number for a BANK account.',
        'Description cannot be set on a BANK account.',
      ],
    ],
  ])('refuses %s', async (_case, body, messages) => {
    const response = await h.create(body);
    expect(response.statusCode).toBe(400);
    expect(validationMessages(response)).toEqual(messages);
    expect(h.fake.accounts(TENANT)).toEqual([]);
  });

  it('accepts a Code of exactly 10 characters and a Description of 4000 on a non-BANK account', async () => {
    expect((await h.create({ ...EXPENSE, Code: 'ABCDE12345', Description: 'd'.repeat(4000) })).statusCode).toBe(200);
  });
});

describe('idempotency', () => {
  it('replays the first answer to a repeated key without creating again', async () => {
    const first = await h.create(EXPENSE, { idempotencyKey: 'key-1' });
    h.advance(5_000);
    const again = await h.create(EXPENSE, { idempotencyKey: 'key-1' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(h.fake.accounts(TENANT)).toHaveLength(1);
    // The same body with key order and spacing changed is the same request.
    const reordered = await h.create(undefined, {
      idempotencyKey: 'key-1',
      rawBody: '{ "Type": "EXPENSE", "Description": "Ads and marketing", "Name": "Advertising", "Code": "400" }',
    });
    expect(reordered.body).toBe(first.body);
    // A new key is a new request: the code is now taken.
    expect(validationMessages(await h.create(EXPENSE, { idempotencyKey: 'key-2' }))).toContain('Please enter a unique Code.');
  });

  it('refuses the same key with a different body', async () => {
    await h.create(EXPENSE, { idempotencyKey: 'key-1' });
    const response = await h.create({ ...EXPENSE, Name: 'Changed' }, { idempotencyKey: 'key-1' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      Title: 'Bad Request',
      Status: 400,
      Detail: 'Idempotency Key: key-1 is used with a different request.',
    });
    expect(h.fake.accounts(TENANT)).toHaveLength(1);
  });

  it('replays an error too, and forgets a key after the configured time', async () => {
    const first = await h.create({ Code: '1', Type: 'EXPENSE' }, { idempotencyKey: 'k' });
    expect(first.statusCode).toBe(400);
    expect((await h.create({ Code: '1', Type: 'EXPENSE' }, { idempotencyKey: 'k' })).body).toBe(first.body);
    h.advance(6 * 60_000 - 1);
    // Still remembered: a corrected body under the same key is a different request.
    expect((await h.create({ Code: '1', Name: 'Fixed', Type: 'EXPENSE' }, { idempotencyKey: 'k' })).json()).toMatchObject({ Status: 400 });
    h.advance(1);
    // Six minutes after its first use the key is forgotten: the corrected body creates.
    expect((await h.create({ Code: '1', Name: 'Fixed', Type: 'EXPENSE' }, { idempotencyKey: 'k' })).statusCode).toBe(200);
    const short = await harness({ idempotencyTtlMs: 1_000 });
    try {
      const a = await short.create(EXPENSE, { idempotencyKey: 'x' });
      short.advance(999);
      expect((await short.create(EXPENSE, { idempotencyKey: 'x' })).body).toBe(a.body);
      short.advance(1);
      expect((await short.create({ ...EXPENSE, Code: '2', Name: 'Other' }, { idempotencyKey: 'x' })).statusCode).toBe(200);
    } finally {
      await short.close();
    }
  });

  it("keeps keys per app: another tenant's request under a used key is a different request; a key over 128 characters is refused", async () => {
    const other = h.fake.mintTokens(OTHER_TENANT);
    const first = await h.create(EXPENSE, { idempotencyKey: 'same' });
    // The same body for another tenant of the app: neither a replay of the first tenant's answer nor a create.
    const elsewhere = await h.create(EXPENSE, { idempotencyKey: 'same', tenant: OTHER_TENANT, token: other.access_token });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({ Detail: 'Idempotency Key: same is used with a different request.' });
    expect(h.fake.accounts(OTHER_TENANT)).toEqual([]);
    expect((await h.create(EXPENSE, { idempotencyKey: 'same' })).body).toBe(first.body);
    expect(accountOf(await h.create(EXPENSE, { idempotencyKey: 'own', tenant: OTHER_TENANT, token: other.access_token })).Name).toBe(
      'Advertising',
    );
    const long = await h.create({ ...EXPENSE, Code: '9' }, { idempotencyKey: 'k'.repeat(129) });
    expect(long.statusCode).toBe(400);
    expect((await h.create({ ...EXPENSE, Code: '9', Name: 'Nine' }, { idempotencyKey: 'k'.repeat(128) })).statusCode).toBe(200);
  });
});

describe('Status: archiving is an update, not part of a create', () => {
  const update = (id: string, body: unknown, idempotencyKey?: string) =>
    h.app.inject({
      method: 'POST',
      url: `${API}/Accounts/${id}`,
      headers: {
        authorization: `Bearer ${h.tokens.access_token}`,
        'xero-tenant-id': TENANT,
        accept: 'application/json',
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: JSON.stringify(body),
    });

  it.each(['ARCHIVED', 'DELETED'])('refuses a create with Status %s, in the ValidationException envelope', async (status) => {
    const refused = await h.create({ ...EXPENSE, Status: status });
    expect(refused.statusCode).toBe(400);
    expect(validationMessages(refused)).toEqual(['An account can only be created ACTIVE; archive it by updating its Status once it exists.']);
    expect(h.fake.accounts(TENANT)).toEqual([]);
  });

  it('archives an ACTIVE account with {"Status": "ARCHIVED"} alone, bare or wrapped', async () => {
    const account = accountOf(await h.create(EXPENSE));
    h.advance(1_000);
    const archived = await update(account.AccountID, { Accounts: [{ Status: 'ARCHIVED' }] });
    expect(archived.statusCode).toBe(200);
    expect(accountOf(archived)).toEqual({ ...account, Status: 'ARCHIVED', UpdatedDateUTC: `/Date(${h.now()}+0000)/` });
    expect(h.fake.accounts(TENANT)).toEqual([accountOf(archived)]);
    const other = accountOf(await h.create({ ...EXPENSE, Code: '401', Name: 'Printing' }));
    expect((await update(other.AccountID.toUpperCase(), { Status: 'ARCHIVED' })).statusCode).toBe(200);
  });

  it('refuses a Status sent with other details, on a BANK account, and any change but ACTIVE to ARCHIVED', async () => {
    const account = accountOf(await h.create(EXPENSE));
    const withDetails = await update(account.AccountID, { Name: 'Ads', Status: 'ARCHIVED' });
    expect(withDetails.statusCode).toBe(400);
    expect(validationMessages(withDetails)).toEqual(['Cannot update account details and STATUS on the same request']);
    const bank = accountOf(await h.create(BANK));
    expect(validationMessages(await update(bank.AccountID, { Status: 'ARCHIVED' }))).toEqual(['Accounts of type BANK cannot be updated.']);
    expect(validationMessages(await update(account.AccountID, { Status: 'DELETED' }))).toEqual([
      'An account with a Status of ACTIVE cannot be updated to DELETED.',
    ]);
    await update(account.AccountID, { Status: 'ARCHIVED' });
    expect(validationMessages(await update(account.AccountID, { Status: 'ARCHIVED' }))).toEqual([
      'An account with a Status of ARCHIVED cannot be updated to ARCHIVED.',
    ]);
    expect(h.fake.accounts(TENANT).map((a) => [a.Type, a.Status])).toEqual([
      ['EXPENSE', 'ARCHIVED'],
      ['BANK', 'ACTIVE'],
    ]);
    expect((await update('00000000-0000-0000-0000-000000000001', { Status: 'ARCHIVED' })).statusCode).toBe(404);
  });

  it('replays an archive to a repeated Idempotency-Key', async () => {
    const account = accountOf(await h.create(EXPENSE));
    const first = await update(account.AccountID, { Status: 'ARCHIVED' }, 'archive-1');
    const again = await update(account.AccountID, { Status: 'ARCHIVED' }, 'archive-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
  });
});

describe('idempotency on reads', () => {
  it('ignores the key on a GET, as Xero does on every method but POST, PUT and PATCH', async () => {
    expect(((await h.list({}, { idempotencyKey: 'read' })).json() as AccountsBody).Accounts).toEqual([]);
    await h.create(EXPENSE);
    expect(((await h.list({}, { idempotencyKey: 'read' })).json() as AccountsBody).Accounts).toHaveLength(1);
  });
});

describe('GET /Accounts and /Accounts/{id}', () => {
  it("answers 404 with Xero's text to an unknown AccountID and to a resource the fake does not serve", async () => {
    const response = await h.read('00000000-0000-0000-0000-000000000001');
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe("The resource you're looking for cannot be found");
    const invoices = await h.app.inject({
      method: 'GET',
      url: '/sandbox/xero/api.xro/2.0/Invoices',
      headers: { authorization: `Bearer ${h.tokens.access_token}`, 'xero-tenant-id': TENANT },
    });
    expect(invoices.statusCode).toBe(404);
  });

  it('lists every account, filtered by where, ordered by order, limited by If-Modified-Since', async () => {
    await h.create(EXPENSE);
    h.advance(10_000);
    const since = new Date(h.now()).toUTCString();
    h.advance(1_000);
    await h.create(BANK);
    await h.create({ Code: '200', Name: 'Sales', Type: 'REVENUE' });
    const names = async (query: Record<string, string>, headers?: Record<string, string>) =>
      ((await h.list(query, headers ? { headers } : {})).json() as AccountsBody).Accounts.map((a) => a.Name);
    expect(await names({})).toEqual(['Advertising', 'Business Bank Account', 'Sales']);
    expect(await names({ where: 'Type=="BANK" AND Status=="ACTIVE"' })).toEqual(['Business Bank Account']);
    expect(await names({ where: 'Name=="Sales"' })).toEqual(['Sales']);
    expect(await names({ where: 'Name=="sales"' })).toEqual([]);
    expect(await names({ order: 'Name DESC' })).toEqual(['Sales', 'Business Bank Account', 'Advertising']);
    expect(await names({ order: 'Code' })).toEqual(['Business Bank Account', 'Sales', 'Advertising']);
    expect(await names({}, { 'if-modified-since': since })).toEqual(['Business Bank Account', 'Sales']);
  });

  it('answers a where that does not parse with QueryParseException', async () => {
    const response = await h.list({ where: 'Colour=="red"' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      ErrorNumber: 16,
      Type: 'QueryParseException',
      Message: "No property or field 'Colour' exists in type 'Account' (at index 0)",
    });
  });
});

describe('XML', () => {
  it('answers XML, as the Accounting API does by default, to a client that does not ask for JSON', async () => {
    const response = await h.create(EXPENSE, { headers: { accept: '*/*' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/^<Response [^>]*><Id>[0-9a-f-]{36}<\/Id><Status>OK<\/Status>/);
    expect(response.body).toContain('<Code>400</Code><Name>Advertising</Name><Status>ACTIVE</Status><Type>EXPENSE</Type>');
    const fault = await h.create(EXPENSE, { headers: { accept: 'application/xml' } });
    expect(fault.body).toContain('<ErrorNumber>10</ErrorNumber><Type>ValidationException</Type>');
    expect(fault.body).toContain('<ValidationError><Message>Please enter a unique Code.</Message></ValidationError>');
  });
});
