import { type RunningFakeProviders, startFakeProviders, type ZohoBooksFake } from '@ledgersync/fake-providers';
import { ACCOUNT_TYPE_NAMES, ACCOUNT_TYPES, checkAccount, EXAMPLE_NORMALIZED_ACCOUNT, type NormalizedAccount } from '@ledgersync/unified';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { response, caught as thrown } from '../test-support.js';
import type { PushContext } from '../types.js';
import { fromZohoAccount, readZohoResponse, toZohoPayload, zohobooksAccounts } from './accounts.js';
import { zohobooks } from './descriptor.js';
import { UNIFIED_TYPES, ZOHO_TYPES } from './vocabulary.js';

/** The project's seed account, as the intake normalises it. */
const SEED: NormalizedAccount = EXAMPLE_NORMALIZED_ACCOUNT;

describe('Zoho Books mapping', () => {
  it("maps the seed account to Zoho's create body, leaving out what Zoho has no place for", () => {
    expect(toZohoPayload(SEED, null)).toEqual({
      account_name: 'Cash',
      account_type: 'other_current_asset',
      account_code: '1000',
      description: 'Main cash account for daily operations',
    });
    expect(toZohoPayload({ name: 'Till', type: 'Current Asset' }, '460000000040001')).toEqual({
      account_name: 'Till',
      account_type: 'other_current_asset',
      parent_account_id: '460000000040001',
    });
  });

  it("maps every unified type to a Zoho type of the same group, and every Zoho type back to the group's words", () => {
    const group: Record<string, string> = {
      Asset: 'Asset',
      Liability: 'Liability',
      Equity: 'Equity',
      Revenue: 'Income',
      Expense: 'Expense',
    };
    const zohoGroup = (type: string) =>
      ({
        equity: 'Equity',
        income: 'Income',
        other_income: 'Income',
        expense: 'Expense',
        cost_of_goods_sold: 'Expense',
        other_expense: 'Expense',
      })[type] ?? (/liabilit|payable|credit_card|output_tax/.test(type) ? 'Liability' : 'Asset');
    for (const type of ACCOUNT_TYPE_NAMES) expect(zohoGroup(ZOHO_TYPES[type]), type).toBe(group[ACCOUNT_TYPES[type]]);
    for (const [zohoType, type] of Object.entries(UNIFIED_TYPES)) expect(group[ACCOUNT_TYPES[type]], zohoType).toBe(zohoGroup(zohoType));
    // A type pushed from its general unified word reads back as itself.
    for (const type of ['Bank', 'Current Asset', 'Equity', 'Revenue', 'Expense', 'Other Expense'] as const) {
      expect(UNIFIED_TYPES[ZOHO_TYPES[type]]).toBe(type);
    }
    expect(zohobooks.objects.account.push.types).toEqual(ACCOUNT_TYPE_NAMES);
  });

  it('reads an account back in unified words, created_time as RFC 3339', () => {
    expect(
      fromZohoAccount({
        account_id: '460000000038079',
        account_name: 'Notes Payable',
        account_code: '',
        account_type: 'long_term_liability',
        is_active: true,
        currency_code: 'INR',
        created_time: '2013-01-17T15:27:23+0530',
      }),
    ).toEqual({
      name: 'Notes Payable',
      type: 'Long Term Liability',
      classification: 'Liability',
      status: 'Active',
      currency: 'INR',
      remote_created_at: '2013-01-17T15:27:23+05:30',
    });
    expect(fromZohoAccount({ account_type: 'deferred_tax', is_active: false, account_code: '1500' })).toEqual({
      status: 'Inactive',
      account_number: '1500',
    });
  });

  it('lets the seed account in with warnings for what Zoho cannot take on create', () => {
    const { issues, warnings } = checkAccount(SEED, zohobooks.objects.account.push);
    expect(issues).toEqual([]);
    expect(warnings.map((w) => w.field)).toEqual(['status', 'current_balance', 'currency']);
    expect(checkAccount({ name: 'Cash' }, zohobooks.objects.account.push).issues.map((i) => i.field)).toEqual(['type']);
  });
});

describe('Zoho Books answers', () => {
  const created = {
    code: 0,
    message: 'The account has been created.',
    chart_of_account: { account_id: '460000000038079', account_name: 'Cash', account_type: 'other_current_asset', is_active: true },
  };

  it('reads the remote id and fields, keeping the raw body', () => {
    expect(readZohoResponse(response(201, created))).toEqual({
      remoteId: '460000000038079',
      remoteData: created,
      fields: { name: 'Cash', type: 'Current Asset', classification: 'Asset', status: 'Active' },
    });
  });

  it('treats a non-zero code as an error even under a 2xx', () => {
    const error = thrown(() => readZohoResponse(response(200, { code: 1001, message: 'Account "Cash" already exists.' })));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error).toMatchObject({ providerCode: '1001', message: 'Account "Cash" already exists.', status: 200, transient: false });
    expect(() => readZohoResponse(response(201, { code: 0, message: 'ok' }))).toThrow(UnexpectedResponse);
    expect(() => readZohoResponse(response(200, 'OK'))).toThrow(UnexpectedResponse);
  });

  it('classifies 401, 400, 404 and 5xx', () => {
    const expired = thrown(() =>
      readZohoResponse(response(401, { code: 57, message: 'You are not authorized to perform this operation' })),
    );
    expect(expired).toBeInstanceOf(CredentialsExpired);
    expect(expired).toMatchObject({ providerCode: '57' });
    const duplicate = thrown(() => readZohoResponse(response(400, { code: 1001, message: 'Account "Cash" already exists.' })));
    expect(duplicate).toMatchObject({ name: 'ProviderRejected', providerCode: '1001', message: 'Account "Cash" already exists.' });
    const organization = thrown(() =>
      readZohoResponse(response(400, { code: 6041, message: 'This user is not associated with the CompanyID/CompanyName:1.' })),
    );
    expect(organization).toBeInstanceOf(ProviderRejected);
    expect(() => readZohoResponse(response(404, { code: 5, message: 'Invalid URL Passed' }))).toThrow(ProviderRejected);
    expect(() => readZohoResponse(response(500, { code: 1000, message: 'Internal error' }))).toThrow(ProviderUnavailable);
    expect(() => readZohoResponse(response(502, '<html>502 Bad Gateway</html>'))).toThrow(ProviderUnavailable);
  });

  it('waits out the minute window, an hour on the daily cap, seconds on the in-flight cap, or what Retry-After says', () => {
    const wait = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const error = thrown(() => readZohoResponse(response(status, body, headers)));
      expect(error).toBeInstanceOf(RateLimited);
      return (error as RateLimited).retryAfterMs;
    };
    expect(wait(429, { code: 44, message: 'For security reasons your organization has been blocked' })).toBe(60_000);
    expect(wait(429, { code: 45, message: 'The API call for this organization has exceeded the maximum call rate limit of 1,000.' })).toBe(
      3600_000,
    );
    expect(wait(429, { code: 1070, message: 'You have reached the maximum number of in process requests allowed.' })).toBe(5_000);
    expect(wait(429, 'Too Many Requests', { 'retry-after': '7' })).toBe(7_000);
  });
});

describe('zohobooksAccounts over HTTP against the Zoho Books fake', () => {
  const ORG = '10234695';
  let server: RunningFakeProviders;
  let fake: ZohoBooksFake;
  let context: PushContext;

  beforeAll(async () => {
    server = await startFakeProviders({
      secret: 'adapter-test-secret',
      zohobooks: {
        requestsPerMinute: 1_000,
        utcOffsetMinutes: 330,
        defaultBooks: false,
        currencies: [
          { currency_id: '460000000000097', currency_code: 'USD' },
          { currency_id: '460000000000099', currency_code: 'EUR' },
        ],
      },
    });
    fake = server.fakes.zohobooks;
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    fake.reset();
    context = {
      baseUrl: server.baseUrls.zohobooks,
      tenantId: ORG,
      accessToken: fake.mintTokens(ORG).access_token,
      idempotencyKey: '7f0c7d3e-5b1a-4c61-9d0e-2a4b6c8d0e1f',
      parentRemoteId: null,
      timeoutMs: 5_000,
      mappedFields: {},
    };
  });

  it('creates the seed account at Zoho with its own auth scheme and the organisation in the query', async () => {
    const result = await zohobooksAccounts.create(SEED, context);
    const [stored] = fake.accounts(ORG);
    expect(stored).toMatchObject({
      account_name: 'Cash',
      account_type: 'other_current_asset',
      account_code: '1000',
      description: 'Main cash account for daily operations',
      is_active: true,
      currency_code: 'USD',
      depth: 0,
    });
    expect(result).toEqual({
      remoteId: stored?.account_id,
      remoteData: { code: 0, message: 'The account has been created.', chart_of_account: stored },
      fields: {
        name: 'Cash',
        type: 'Current Asset',
        classification: 'Asset',
        status: 'Active',
        account_number: '1000',
        currency: 'USD',
        remote_created_at: stored?.created_time.replace(/(\d{2})(\d{2})$/, '$1:$2'),
      },
    });
    expect(result.fields?.remote_created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/);
    const request = fake.requests.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/sandbox/zohobooks/books/v3/chartofaccounts',
      query: { organization_id: ORG },
      status: 201,
    });
    expect(request?.headers.authorization).toBe(`Zoho-oauthtoken ${context.accessToken}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual(toZohoPayload(SEED, null));
  });

  // Zoho documents no stock type for a create: Inventory goes in as a current asset, which Zoho takes.
  it('creates an account of every unified type with a documented account_type; Inventory as other_current_asset', async () => {
    for (const [index, type] of ACCOUNT_TYPE_NAMES.entries()) {
      await zohobooksAccounts.create({ name: `${type} ${index}`, type }, context);
    }
    expect(fake.accounts(ORG)).toHaveLength(ACCOUNT_TYPE_NAMES.length);
    expect(fake.accounts(ORG).find((a) => a.account_name.startsWith('Inventory'))?.account_type).toBe('other_current_asset');
    expect(toZohoPayload({ name: 'Goods', type: 'Inventory' }, null).account_type).toBe('other_current_asset');
  });

  it('creates a sub-account under its parent', async () => {
    const parent = await zohobooksAccounts.create({ name: 'Current Assets', type: 'Current Asset', account_number: '1100' }, context);
    const child = await zohobooksAccounts.create(SEED, { ...context, parentRemoteId: parent.remoteId });
    const stored = fake.accounts(ORG).find((a) => a.account_id === child.remoteId);
    expect(stored).toMatchObject({ parent_account_id: parent.remoteId, parent_account_name: 'Current Assets', depth: 1 });
  });

  it("merges the connection's mapped fields: a currency reaches Zoho as its currency_id", async () => {
    const result = await zohobooksAccounts.create(
      { name: 'Euro Account', type: 'Bank', currency: 'EUR' },
      {
        ...context,
        mappedFields: { currency_id: '460000000000099', custom_fields: [{ customfield_id: '460000000080163', value: 'Normal' }] },
      },
    );
    expect(fake.accounts(ORG)[0]).toMatchObject({
      account_type: 'bank',
      currency_id: '460000000000099',
      currency_code: 'EUR',
      custom_fields: [{ customfield_id: '460000000080163', value: 'Normal' }],
    });
    expect(result.fields?.currency).toBe('EUR');
  });

  it("surfaces Zoho's refusals: a duplicate name, a parent of another type, an expired token", async () => {
    await zohobooksAccounts.create(SEED, context);
    await expect(zohobooksAccounts.create({ ...SEED, account_number: '1001' }, context)).rejects.toMatchObject({
      name: 'ProviderRejected',
      providerCode: '1001',
      message: 'Account "Cash" already exists.',
      status: 400,
    });
    const expense = await zohobooksAccounts.create({ name: 'Advertising', type: 'Expense' }, context);
    await expect(
      zohobooksAccounts.create({ name: 'Till', type: 'Current Asset' }, { ...context, parentRemoteId: expense.remoteId }),
    ).rejects.toBeInstanceOf(ProviderRejected);
    fake.expireAccessTokens(ORG);
    await expect(zohobooksAccounts.create({ name: 'Fees', type: 'Revenue' }, context)).rejects.toBeInstanceOf(CredentialsExpired);
  });

  it('reports a throttled organisation and a dropped connection as retryable', async () => {
    fake.injectFault({ kind: 'status', status: 429 });
    await expect(zohobooksAccounts.create(SEED, context)).rejects.toMatchObject({
      name: 'RateLimited',
      retryAfterMs: 60_000,
      providerCode: '44',
    });
    fake.injectFault({ kind: 'reset' });
    await expect(zohobooksAccounts.create(SEED, context)).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(fake.accounts(ORG)).toEqual([]);
  });

  it('finds the account a create whose answer was lost made, so the re-send adopts it instead of failing as a duplicate', async () => {
    const find = zohobooksAccounts.find;
    if (!find) throw new Error('the Zoho Books adapter must look accounts up: Zoho keeps no idempotency key');
    const parent = await zohobooksAccounts.create({ name: 'Current Assets', type: 'Current Asset' }, context);
    const push = { ...context, parentRemoteId: parent.remoteId };
    fake.injectFault({ kind: 'commit-then-reset' });
    await expect(zohobooksAccounts.create(SEED, push)).rejects.toBeInstanceOf(ProviderUnavailable);
    const stored = fake.accounts(ORG).find((a) => a.account_name === 'Cash');

    const found = await find(SEED, push);
    expect(found).toEqual({
      remoteId: stored?.account_id,
      remoteData: { code: 0, message: 'success', ...stored, closing_balance: 0 },
      fields: expect.objectContaining({ name: 'Cash', type: 'Current Asset', account_number: '1000', currency: 'USD' }),
    });
    expect(fake.accounts(ORG)).toHaveLength(2);
    const lookups = fake.requests.filter((r) => r.method === 'GET');
    expect(lookups.map((r) => r.query)).toEqual([
      { organization_id: ORG, filter_by: 'AccountType.All', sort_column: 'account_name', page: '1', per_page: '200' },
      { organization_id: ORG },
    ]);
    expect(lookups.every((r) => r.headers.authorization === `Zoho-oauthtoken ${context.accessToken}`)).toBe(true);
  });

  it('adopts nothing that differs from what the push would create, and nothing when the account is not there', async () => {
    const find = zohobooksAccounts.find;
    if (!find) throw new Error('zohobooksAccounts.find missing');
    expect(await find(SEED, context)).toBeNull();
    // Same code, another account: not ours. Same name, another type: not ours either.
    await zohobooksAccounts.create({ name: 'Checking', type: 'Bank', account_number: '1000' }, context);
    expect(await find(SEED, context)).toBeNull();
    await zohobooksAccounts.create({ name: 'Rent', type: 'Expense' }, context);
    expect(await find({ name: 'Rent', type: 'Other Expense' }, context)).toBeNull();
    // Without a code the name is the key.
    expect(await find({ name: 'rent', type: 'Overhead' }, context)).toMatchObject({ fields: { name: 'Rent', type: 'Expense' } });
    // The same account under another parent is not the one this push would create.
    expect(await find({ name: 'Rent', type: 'Expense' }, { ...context, parentRemoteId: '460000000040001' })).toBeNull();
  });

  it('reads the chart page by page', async () => {
    const find = zohobooksAccounts.find;
    if (!find) throw new Error('zohobooksAccounts.find missing');
    for (let i = 0; i < 201; i++)
      await zohobooksAccounts.create({ name: `Expense ${String(i).padStart(3, '0')}`, type: 'Expense' }, context);
    const before = fake.requests.length;
    const found = await find({ name: 'Expense 200', type: 'Expense' }, context);
    expect(found?.fields?.name).toBe('Expense 200');
    expect(fake.requests.slice(before).map((r) => r.query.page)).toEqual(['1', '2', undefined]);
  });
});
