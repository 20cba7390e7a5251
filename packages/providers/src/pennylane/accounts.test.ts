import { type PennylaneFake, type PennylaneFakeOptions, type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import type { NormalizedAccount } from '@ledgersync/unified';
import { checkAccount, EXAMPLE_NORMALIZED_ACCOUNT } from '@ledgersync/unified';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionRevoked, CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { caught, response } from '../test-support.js';
import type { PushContext } from '../types.js';
import { fromPennylaneLedgerAccount, pennylaneAccounts, readPennylaneResponse, toPennylanePayload } from './accounts.js';
import { pennylane } from './descriptor.js';

/** The ledgersync seed account. */
// Panora's example without its classification (derived from the type), as a client sends it.
const { classification: _derived, ...SEED_INPUT } = EXAMPLE_NORMALIZED_ACCOUNT;
const SEED: NormalizedAccount = { ...SEED_INPUT, type: 'Current Asset', classification: 'Asset', status: 'Active' };
const BANK: NormalizedAccount = { name: 'Banque', type: 'Bank', classification: 'Asset', account_number: '512100' };

describe('Pennylane capabilities at intake', () => {
  it('takes the seed account, warning that class 1 is not a Current Asset and that the rest is not sent', () => {
    const check = checkAccount(SEED_INPUT, pennylane.objects.account.push);
    expect(check.issues).toEqual([]);
    expect(check.warnings).toContainEqual({
      field: 'type',
      code: 'not_sent',
      message:
        'Pennylane classes account 1000 by its number (class 1: equity and long-term liabilities, Equity), not as type "Current Asset" (Asset)',
    });
    expect(check.warnings.map((w) => w.field).sort()).toEqual(['currency', 'current_balance', 'description', 'status', 'type', 'type']);
  });

  it('raises no class warning when the number agrees with the type, and accepts every unified type', () => {
    const check = checkAccount({ name: 'Banque', type: 'Bank', account_number: '512100' }, pennylane.objects.account.push);
    expect(check.issues).toEqual([]);
    expect(check.warnings).toEqual([{ field: 'type', code: 'not_sent', message: 'Pennylane has no place for type: stored, not sent' }]);
    expect(checkAccount({ name: 'Carte', type: 'Credit Card', account_number: '519000' }, pennylane.objects.account.push).issues).toEqual(
      [],
    );
    expect(
      checkAccount({ name: 'TVA', classification: 'Liability', account_number: '445' }, pennylane.objects.account.push).warnings,
    ).toHaveLength(1);
  });

  it('warns that Pennylane also creates a supplier for a 401… number and a company customer for a 411… one', () => {
    const supplier = checkAccount({ name: 'Fournisseur Dupont', account_number: '401100' }, pennylane.objects.account.push);
    expect(supplier.issues).toEqual([]);
    expect(supplier.warnings).toEqual([
      {
        field: 'account_number',
        code: 'side_effect',
        message: 'Pennylane also creates a supplier for a ledger account numbered 401…: pushing 401100 adds one to the company',
      },
    ]);
    const customer = checkAccount({ name: 'Client Martin', type: 'Accounts Receivable', account_number: '411200' }, pennylane.objects.account.push);
    expect(customer.warnings).toContainEqual({
      field: 'account_number',
      code: 'side_effect',
      message: 'Pennylane also creates a company customer for a ledger account numbered 411…: pushing 411200 adds one to the company',
    });
    // Type not sent, its class disagreeing with the number's, and the supplier: three warnings.
    const both = checkAccount({ name: 'Dupont', type: 'Expense', account_number: '4011' }, pennylane.objects.account.push);
    expect(both.warnings.map((w) => [w.field, w.code])).toEqual([
      ['type', 'not_sent'],
      ['type', 'not_sent'],
      ['account_number', 'side_effect'],
    ]);
    for (const account_number of ['408', '419', '512100', '40', '41']) {
      const check = checkAccount({ name: 'Autre', account_number }, pennylane.objects.account.push);
      expect(check.warnings.filter((w) => w.code === 'side_effect'), account_number).toEqual([]);
    }
  });

  it('refuses a number that is not French chart digits, a missing number or name, and a parent', () => {
    for (const account_number of ['10A0', '512-100', '0512']) {
      expect(checkAccount({ name: 'Cash', account_number }, pennylane.objects.account.push).issues).toEqual([
        {
          field: 'account_number',
          code: 'invalid',
          message: 'Pennylane takes a French chart of accounts number: digits only, starting with its class 1 to 9 (e.g. 512100)',
        },
      ]);
    }
    expect(checkAccount({ name: 'Cash' }, pennylane.objects.account.push).issues.map((i) => [i.field, i.code])).toEqual([
      ['account_number', 'required'],
    ]);
    expect(checkAccount({ account_number: '512' }, pennylane.objects.account.push).issues.map((i) => [i.field, i.code])).toEqual([
      ['name', 'required'],
    ]);
    const child = checkAccount({ ...SEED_INPUT, parent_account: '0b9e3c1a-5d2f-4e6b-9a7c-1d2e3f4a5b6c' }, pennylane.objects.account.push);
    expect(child.issues.map((i) => [i.field, i.code])).toEqual([['parent_account', 'not_supported']]);
  });
});

describe('Pennylane mapping', () => {
  it("maps the seed to Pennylane's body: number and label, nothing else", () => {
    expect(toPennylanePayload(SEED)).toEqual({ number: '1000', label: 'Cash' });
    expect(toPennylanePayload(BANK, { vat_rate: 'FR_200', country_alpha2: 'FR' })).toEqual({
      number: '512100',
      label: 'Banque',
      vat_rate: 'FR_200',
      country_alpha2: 'FR',
    });
  });

  it.each([
    ['512100', { classification: 'Asset', type: 'Bank' }],
    ['1000', { classification: 'Equity', type: 'Equity' }],
    ['164000', { classification: 'Liability', type: 'Long Term Liability' }],
    ['218300', { classification: 'Asset', type: 'Fixed Asset' }],
    ['401000', { classification: 'Liability', type: 'Accounts Payable' }],
    ['411000', { classification: 'Asset', type: 'Accounts Receivable' }],
    ['445660', { classification: 'Asset', type: 'Current Asset' }],
    ['445710', { classification: 'Liability', type: 'Current Liability' }],
    ['467000', {}],
    ['530000', { classification: 'Asset', type: 'Bank' }],
    ['606400', { classification: 'Expense', type: 'Cost of Goods Sold' }],
    ['681100', { classification: 'Expense', type: 'Depreciation' }],
    ['706000', { classification: 'Revenue', type: 'Sales' }],
    ['890000', {}],
  ])('reads account %s back by its number class', (number, expected) => {
    const fields = fromPennylaneLedgerAccount({ id: 1, number, label: 'x', vat_rate: 'any', country_alpha2: 'FR', enabled: true });
    expect(fields).toEqual({ name: 'x', account_number: number, status: 'Active', ...expected });
  });

  it('reads a disabled account as Inactive and keeps created_at when Pennylane gives it', () => {
    const account = {
      id: 7,
      number: '512',
      label: 'B',
      vat_rate: 'any',
      country_alpha2: 'FR',
      enabled: false,
      created_at: '2025-06-01T19:00:00Z',
    };
    expect(fromPennylaneLedgerAccount(account)).toMatchObject({ status: 'Inactive', remote_created_at: '2025-06-01T19:00:00Z' });
  });
});

describe('Pennylane answers', () => {
  const created = { id: 124, number: '512', label: 'Banque', vat_rate: 'any', country_alpha2: 'FR', enabled: true };
  const NOW = 1_770_379_508_000;

  it('reads the integer id as the remote id, keeps the body and the fields read back', () => {
    expect(readPennylaneResponse(response(201, created, { 'ratelimit-remaining': '24', 'ratelimit-reset': '1770379510' }), NOW)).toEqual({
      remoteId: '124',
      remoteData: created,
      fields: { name: 'Banque', account_number: '512', classification: 'Asset', type: 'Bank', status: 'Active' },
    });
    expect(caught(() => readPennylaneResponse(response(201, { number: '512' }), NOW))).toBeInstanceOf(UnexpectedResponse);
  });

  it('pauses the connection until ratelimit-reset when a success spends the window', () => {
    const result = readPennylaneResponse(response(201, created, { 'ratelimit-remaining': '0', 'ratelimit-reset': '1770379510' }), NOW);
    expect(result.quotaPauseMs).toBe(2_000);
  });

  it('classifies 401, 404 and 422 with the error text', () => {
    const expired = caught(() => readPennylaneResponse(response(401, { error: 'The access token expired', status: 401 })));
    expect(expired).toBeInstanceOf(CredentialsExpired);
    expect(expired).toMatchObject({ message: 'The access token expired', status: 401 });
    for (const status of [400, 404, 422]) {
      const error = caught(() => readPennylaneResponse(response(status, { error: 'Number has already been taken', status })));
      expect(error).toBeInstanceOf(ProviderRejected);
      expect(error).toMatchObject({ message: 'Number has already been taken', status, transient: false });
    }
  });

  // A token without the call's scope is the connection's fault: the customer must reconnect and grant it.
  it('reports a 403 as the connection refused, naming the scope the create needs', () => {
    const forbidden = { error: 'Forbidden: this token needs one of these scopes: ledger_accounts:all', status: 403 };
    const error = caught(() => readPennylaneResponse(response(403, forbidden)));
    expect(error).toBeInstanceOf(ConnectionRevoked);
    expect(error).toMatchObject({ status: 403, transient: false });
    expect((error as Error).message).toContain('lacks the ledger_accounts:all scope');
    expect((error as Error).message).toContain(forbidden.error);
  });

  it('waits retry-after on a 429, else until ratelimit-reset, else a window', () => {
    const text = 'Rate limit exceeded. Please retry in 2 seconds.';
    const withRetryAfter = caught(() =>
      readPennylaneResponse(response(429, text, { 'retry-after': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1770379511' }), NOW),
    );
    expect(withRetryAfter).toBeInstanceOf(RateLimited);
    expect(withRetryAfter).toMatchObject({ retryAfterMs: 2_000, status: 429, documentedWait: false, message: text });
    expect(caught(() => readPennylaneResponse(response(429, text, { 'ratelimit-reset': '1770379511' }), NOW))).toMatchObject({
      retryAfterMs: 3_000,
    });
    expect(caught(() => readPennylaneResponse(response(429, text), NOW))).toMatchObject({ retryAfterMs: 5_000, documentedWait: true });
  });

  it('retries 5xx, JSON or an HTML proxy page', () => {
    const unavailable = caught(() => readPennylaneResponse(response(503, { error: 'Service Unavailable', status: 503 })));
    expect(unavailable).toBeInstanceOf(ProviderUnavailable);
    expect(unavailable).toMatchObject({ message: 'Service Unavailable', transient: true });
    const gateway = caught(() => readPennylaneResponse(response(502, '<html><title>502 Bad Gateway</title></html>')));
    expect(gateway).toMatchObject({ message: 'Pennylane answered 502', status: 502 });
  });
});

describe('Pennylane accounts over HTTP against the fake', () => {
  const COMPANY = '4815162';
  let server: RunningFakeProviders;
  let fake: PennylaneFake;

  const start = async (pennylane: Omit<PennylaneFakeOptions, 'secret' | 'now'> = {}) => {
    server = await startFakeProviders({ secret: 'adapter-test-secret', pennylane: { defaultBooks: false, timestamps: false, ...pennylane } });
    fake = server.fakes.pennylane;
  };
  const context = (overrides: Partial<PushContext> = {}): PushContext => ({
    baseUrl: server.baseUrls.pennylane,
    tenantId: COMPANY,
    accessToken: fake.mintTokens(COMPANY).access_token,
    idempotencyKey: 'd8f1c9a2-3b4e-4f5a-8b6c-7d8e9f0a1b2c',
    parentRemoteId: null,
    timeoutMs: 5_000,
    mappedFields: {},
    ...overrides,
  });

  beforeAll(async () => {
    await start();
  });
  afterEach(() => {
    fake.reset();
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates the seed account at Pennylane with its number and label, and reads it back', async () => {
    const result = await pennylaneAccounts.create(SEED, context());
    const stored = fake.accounts(COMPANY);
    expect(stored).toEqual([{ id: 1, number: '1000', label: 'Cash', vat_rate: 'any', country_alpha2: 'FR', enabled: true }]);
    expect(result).toEqual({
      remoteId: '1',
      remoteData: stored[0],
      fields: { name: 'Cash', account_number: '1000', classification: 'Equity', type: 'Equity', status: 'Active' },
    });
    const request = fake.requests.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/sandbox/pennylane/api/external/v2/ledger_accounts',
      body: { number: '1000', label: 'Cash' },
    });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it("sends the connection's mapped VAT rate and country", async () => {
    const result = await pennylaneAccounts.create(BANK, context({ mappedFields: { vat_rate: 'FR_200', country_alpha2: 'FR' } }));
    expect(fake.accounts(COMPANY)).toEqual([
      { id: 1, number: '512100', label: 'Banque', vat_rate: 'FR_200', country_alpha2: 'FR', enabled: true },
    ]);
    expect(result.fields).toMatchObject({ type: 'Bank', classification: 'Asset' });
  });

  it('refuses a token granted only the retired ledger scope as a connection problem, for the create and the lookup', async () => {
    fake.grantScopes(COMPANY, ['ledger']);
    const refused = await pennylaneAccounts.create(BANK, context()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectionRevoked);
    expect(refused).toMatchObject({ status: 403, message: expect.stringContaining('lacks the ledger_accounts:all scope') });
    const lookup = await pennylaneAccounts.find?.(BANK, context()).catch((error: unknown) => error);
    expect(lookup).toBeInstanceOf(ConnectionRevoked);
    expect(lookup).toMatchObject({ message: expect.stringContaining('ledger_accounts:readonly or ledger_accounts:all') });
    expect(fake.accounts(COMPANY)).toEqual([]);
  });

  it("fails for good with Pennylane's message on a taken or invalid number", async () => {
    await pennylaneAccounts.create(BANK, context());
    const taken = await pennylaneAccounts.create({ ...BANK, name: 'Autre banque' }, context()).catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ProviderRejected);
    expect(taken).toMatchObject({ message: 'Number has already been taken', status: 422 });
    const letters = await pennylaneAccounts.create({ ...SEED, account_number: '10A0' }, context()).catch((error: unknown) => error);
    expect(letters).toMatchObject({ name: 'ProviderRejected', message: 'Number must only contain digits' });
    expect(fake.accounts(COMPANY)).toHaveLength(1);
  });

  it('adopts, after a lost answer, the account the first attempt created, and only that one', async () => {
    fake.injectFault({ kind: 'commit-then-reset' });
    const lost = await pennylaneAccounts.create(BANK, context()).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(ProviderUnavailable);
    const [stored] = fake.accounts(COMPANY);
    const found = await pennylaneAccounts.find?.(BANK, context());
    expect(found).toMatchObject({ remoteId: String(stored?.id), remoteData: stored, fields: { type: 'Bank' } });
    const lookup = fake.requests.at(-1);
    expect(lookup).toMatchObject({
      method: 'GET',
      query: { filter: '[{"field":"number","operator":"eq","value":"512100"}]', limit: '100' },
    });
    // Same number, another label: not this push's account.
    expect(await pennylaneAccounts.find?.({ ...BANK, name: 'Banque secondaire' }, context())).toBeNull();
    expect(await pennylaneAccounts.find?.({ ...BANK, account_number: '512200' }, context())).toBeNull();
    expect(await pennylaneAccounts.find?.(BANK, context({ mappedFields: { vat_rate: 'FR_200' } }))).toBeNull();
  });

  it('picks the account with the mapped VAT rate where numbers repeat by VAT rate', async () => {
    await server.close();
    await start({ uniqueBy: 'number-and-vat-rate' });
    const services: NormalizedAccount = { name: 'Prestations de services', account_number: '706' };
    await pennylaneAccounts.create(services, context());
    await pennylaneAccounts.create(services, context({ mappedFields: { vat_rate: 'FR_200' } }));
    const found = await pennylaneAccounts.find?.(services, context({ mappedFields: { vat_rate: 'FR_200' } }));
    expect(found?.remoteId).toBe('2');
  });

  it('asks for a refresh on an expired token, and reports a dropped connection as transient', async () => {
    const expired = fake.mintTokens(COMPANY, { accessTtlSeconds: 1 });
    fake.expireAccessTokens(COMPANY);
    const refused = await pennylaneAccounts.create(SEED, context({ accessToken: expired.access_token })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CredentialsExpired);
    expect(refused).toMatchObject({ message: 'The access token expired' });
    fake.injectFault({ kind: 'reset' });
    const dropped = await pennylaneAccounts.create(SEED, context()).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(ProviderUnavailable);
    expect(fake.accounts(COMPANY)).toEqual([]);
  });

  it('pauses the connection when a create spends the window, and waits retry-after when throttled', async () => {
    await server.close();
    await start({ requestsPerWindow: 1 });
    const token = fake.mintTokens(COMPANY).access_token;
    const first = await pennylaneAccounts.create(SEED, context({ accessToken: token }));
    // ratelimit-reset is a whole Unix second after the 5 s window: at most 6 s away.
    expect(first.quotaPauseMs).toBeGreaterThan(0);
    expect(first.quotaPauseMs).toBeLessThanOrEqual(6_000);
    const throttled = await pennylaneAccounts.create(BANK, context({ accessToken: token })).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RateLimited);
    expect((throttled as RateLimited).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect((throttled as RateLimited).retryAfterMs).toBeLessThanOrEqual(5_000);
    expect(fake.accounts(COMPANY).map((a) => a.number)).toEqual(['1000']);
  });
});
