import { type RunningFakeProviders, type SageFake, type SageFakeOptions, startFakeProviders } from '@ledgersync/fake-providers';
import type { NormalizedAccount } from '@ledgersync/unified';
import { ACCOUNT_TYPE_NAMES, ACCOUNT_TYPES, checkAccount, EXAMPLE_NORMALIZED_ACCOUNT } from '@ledgersync/unified';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { caught, response } from '../test-support.js';
import type { PushContext } from '../types.js';
import { fromSageLedgerAccount, readSageResponse, sageAccounts, toSagePayload } from './accounts.js';
import { sage } from './descriptor.js';
import { sageIdempotencyId } from './idempotency.js';
import { FROM_SAGE_TYPES, SAGE_TYPES } from './vocabulary.js';

/** The seed account, as a client sends it. */
// Panora's example without its classification (derived from the type), as a client sends it.
const { classification: _derived, ...SEED } = EXAMPLE_NORMALIZED_ACCOUNT;
const CASH: NormalizedAccount = { ...SEED, type: 'Current Asset', classification: 'Asset', status: 'Active' };

describe('Sage capabilities', () => {
  it('takes the seed account, warning that description, status, balance and currency are not sent', () => {
    const check = checkAccount(SEED, sage.objects.account.push);
    expect(check.issues).toEqual([]);
    expect(check.account).toMatchObject({ type: 'Current Asset', classification: 'Asset' });
    expect(check.warnings.map((w) => w.field).sort()).toEqual(['currency', 'current_balance', 'description', 'status']);
    expect(check.warnings[0]?.message).toContain('Sage Business Cloud Accounting');
  });

  it('requires name, type and an integer account_number, and refuses a parent', () => {
    const missing = checkAccount({ description: 'x' }, sage.objects.account.push);
    expect(missing.issues.map((i) => [i.field, i.code])).toEqual([
      ['name', 'required'],
      ['type', 'required'],
      ['account_number', 'required'],
    ]);
    for (const bad of ['10A0', '1000.5', '-1', '0', '100000000']) {
      const check = checkAccount({ ...SEED, account_number: bad }, sage.objects.account.push);
      expect(check.issues, bad).toEqual([{ field: 'account_number', code: 'invalid', message: expect.stringContaining('nominal code') }]);
    }
    expect(checkAccount({ ...SEED, account_number: '0010' }, sage.objects.account.push).issues).toEqual([]);
    const child = checkAccount({ ...SEED, parent_account: '3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f' }, sage.objects.account.push);
    expect(child.issues).toEqual([{ field: 'parent_account', code: 'not_supported', message: expect.any(String) }]);
  });

  it('maps every unified type to a Sage type and back without changing its classification', () => {
    expect([...sage.objects.account.push.types].sort()).toEqual([...ACCOUNT_TYPE_NAMES].sort());
    for (const type of ACCOUNT_TYPE_NAMES) {
      expect(ACCOUNT_TYPES[FROM_SAGE_TYPES[SAGE_TYPES[type]]], type).toBe(ACCOUNT_TYPES[type]);
    }
    expect(Object.keys(FROM_SAGE_TYPES)).toHaveLength(13);
  });
});

describe('Sage mapping', () => {
  it("maps the seed account to Sage's ledger_account", () => {
    expect(toSagePayload(CASH)).toEqual({
      ledger_account_type_id: 'CURRENT_ASSETS',
      included_in_chart: true,
      name: 'Cash',
      display_name: 'Cash',
      nominal_code: 1000,
    });
    expect(toSagePayload({ name: 'Card', type: 'Credit Card', account_number: '2100' }).ledger_account_type_id).toBe('LINE_OF_CREDIT');
    expect(toSagePayload({ name: 'Stock', type: 'Inventory', account_number: '0010' }).nominal_code).toBe(10);
  });

  it('reads a ledger account back in unified words', () => {
    const account = {
      id: 'b5a2a4c5e7a711e7b6d00a57719b2edb',
      name: 'Cash',
      nominal_code: 1000,
      ledger_account_type: { id: 'CURRENT_ASSETS', displayed_as: 'Current Assets' },
      ledger_account_group: { id: 'ASSET', displayed_as: 'Asset' },
      created_at: '2025-06-01T19:00:00Z',
    };
    expect(fromSageLedgerAccount(account)).toEqual({
      name: 'Cash',
      type: 'Current Asset',
      classification: 'Asset',
      account_number: '1000',
      remote_created_at: '2025-06-01T19:00:00Z',
    });
    // A type id this adapter does not know: the group still gives the classification.
    expect(fromSageLedgerAccount({ ledger_account_type: { id: 'NEW_TYPE' }, ledger_account_group: { id: 'EXPENDITURE' } })).toEqual({
      classification: 'Expense',
    });
  });
});

describe('Sage answers', () => {
  it('reads the remote id from a 201 and keeps the raw body', () => {
    const body = {
      id: 'b5a2a4c5e7a711e7b6d00a57719b2edb',
      name: 'Cash',
      nominal_code: 1000,
      ledger_account_type: { id: 'CURRENT_ASSETS' },
    };
    expect(readSageResponse(response(201, body))).toEqual({
      remoteId: body.id,
      remoteData: body,
      fields: { name: 'Cash', type: 'Current Asset', classification: 'Asset', account_number: '1000' },
    });
    expect(() => readSageResponse(response(201, {}))).toThrow(UnexpectedResponse);
  });

  it('rejects a 422 with every $message and the $source it is about', () => {
    const body = [
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'Nominal code has already been taken', $source: 'nominal_code' },
      { $severity: 'error', $dataCode: 'RecordInvalid', $message: 'This field is required.', $source: 'display_name' },
    ];
    const error = caught(() => readSageResponse(response(422, body)));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error).toMatchObject({
      status: 422,
      providerCode: 'RecordInvalid',
      transient: false,
      message: 'Nominal code has already been taken (nominal_code); This field is required. (display_name)',
    });
    expect(
      caught(() => readSageResponse(response(404, [{ $dataCode: 'RecordNotFound', $message: 'Not found', $source: '' }]))),
    ).toMatchObject({
      name: 'ProviderRejected',
      message: 'Not found',
    });
  });

  it('asks for a refresh on 401, waits on 429 (Retry-After, else a minute), retries 5xx', () => {
    const denied = [{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Access denied.', $source: '' }];
    expect(caught(() => readSageResponse(response(401, denied)))).toMatchObject({
      name: 'CredentialsExpired',
      providerCode: 'AuthorizationFailure',
    });
    const throttled = caught(() => readSageResponse(response(429, [])));
    expect(throttled).toBeInstanceOf(RateLimited);
    expect(throttled).toMatchObject({ retryAfterMs: 60_000, documentedWait: true, transient: true });
    expect(caught(() => readSageResponse(response(429, [], { 'retry-after': '5' })))).toMatchObject({
      retryAfterMs: 5_000,
      documentedWait: false,
    });
    expect(
      caught(() => readSageResponse(response(500, [{ $dataCode: 'UnexpectedError', $message: 'An unexpected error occurred.' }]))),
    ).toMatchObject({
      name: 'ProviderUnavailable',
      transient: true,
      message: 'An unexpected error occurred.',
    });
    expect(() => readSageResponse(response(502, '<html>502 Bad Gateway</html>'))).toThrow(ProviderUnavailable);
  });
});

describe('Sage accounts over HTTP, against the fake', () => {
  const BUSINESS = 'd41d8cd98f00b204e9800998ecf8427e';
  // The push's idempotency key in its first round: the record id.
  const RECORD_ID = '3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f';
  let server: RunningFakeProviders;
  let fake: SageFake;
  let accessToken: string;

  async function start(sage: Omit<SageFakeOptions, 'secret' | 'now'> = {}) {
    // An empty chart: these tests read the business's accounts whole (the default books are pulls.http.test.ts's).
    server = await startFakeProviders({ secret: 'sage-adapter-test', sage: { defaultBooks: false, ...sage } });
    fake = server.fakes.sage;
    accessToken = fake.mintTokens(BUSINESS).access_token;
  }

  const context = (overrides: Partial<PushContext> = {}): PushContext => ({
    baseUrl: server.baseUrls.sage,
    tenantId: BUSINESS,
    accessToken,
    // Each push its own record: a repeated key with another body is refused.
    idempotencyKey: randomUUID(),
    parentRemoteId: null,
    timeoutMs: 5_000,
    mappedFields: {},
    ...overrides,
  });

  beforeEach(async () => {
    await start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('creates the seed account: Sage stores it for the business and the result reads it back', async () => {
    const result = await sageAccounts.create(CASH, context({ idempotencyKey: RECORD_ID }));
    const [stored] = fake.accounts(BUSINESS);
    expect(stored).toMatchObject({
      name: 'Cash',
      display_name: 'Cash',
      nominal_code: 1000,
      included_in_chart: true,
      ledger_account_type: { id: 'CURRENT_ASSETS' },
    });
    expect(result.remoteId).toBe(stored?.id);
    expect(result.remoteData).toEqual(stored);
    expect(result.fields).toEqual({
      name: 'Cash',
      type: 'Current Asset',
      classification: 'Asset',
      account_number: '1000',
      remote_created_at: stored?.created_at,
    });
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/sandbox/sage/v3.1/ledger_accounts',
      status: 201,
      body: {
        ledger_account: {
          ledger_account_type_id: 'CURRENT_ASSETS',
          included_in_chart: true,
          name: 'Cash',
          display_name: 'Cash',
          nominal_code: 1000,
          idempotency_id: '3f1d4c2e8a6b4e0f9c7d1a2b3c4d5e6f',
        },
      },
    });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${accessToken}`,
      'x-business': BUSINESS,
      'content-type': 'application/json',
    });
  });

  it("merges the connection's mapped fields into the ledger_account", async () => {
    await sageAccounts.create(
      CASH,
      context({ mappedFields: { tax_rate_id: 'US_NO_TAX', display_name: 'Cash in hand', visible_in_banking: true } }),
    );
    expect(fake.accounts(BUSINESS)[0]).toMatchObject({
      name: 'Cash',
      display_name: 'Cash in hand',
      tax_rate: { id: 'US_NO_TAX' },
      visible_in_banking: true,
    });
  });

  it('re-sends a create whose answer was lost with the same idempotency_id, and gets the account Sage made, once', async () => {
    fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: BUSINESS });
    await expect(sageAccounts.create(CASH, context({ idempotencyKey: RECORD_ID }))).rejects.toBeInstanceOf(ProviderUnavailable);
    const again = await sageAccounts.create(CASH, context({ idempotencyKey: RECORD_ID }));
    const [stored] = fake.accounts(BUSINESS);
    expect(again.remoteId).toBe(stored?.id);
    expect(fake.accounts(BUSINESS)).toHaveLength(1);
    // A retry round's key (`<id>.<round>`) is another idempotency_id: Sage runs that create anew.
    const round = await sageAccounts.create(CASH, context({ idempotencyKey: `${RECORD_ID}.1` })).catch((e: unknown) => e);
    expect(round).toMatchObject({ name: 'ProviderRejected', message: 'Nominal code has already been taken (nominal_code)' });
    const ids = fake.requests
      .filter((r) => r.method === 'POST')
      .map((r) => (r.body as { ledger_account: { idempotency_id: string } }).ledger_account.idempotency_id);
    expect(ids).toEqual(['3f1d4c2e8a6b4e0f9c7d1a2b3c4d5e6f', '3f1d4c2e8a6b4e0f9c7d1a2b3c4d5e6f', sageIdempotencyId(`${RECORD_ID}.1`)]);
  });

  it("fails for good with Sage's message when the nominal code is taken", async () => {
    await sageAccounts.create(CASH, context());
    const error = await sageAccounts.create({ ...CASH, name: 'Petty Cash' }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error).toMatchObject({
      status: 422,
      providerCode: 'RecordInvalid',
      message: 'Nominal code has already been taken (nominal_code)',
    });
    expect(fake.accounts(BUSINESS)).toHaveLength(1);
  });

  it('finds the account a create whose answer was lost made, so the retry adopts it instead of failing', async () => {
    const find = sageAccounts.find;
    if (!find) throw new Error('the Sage adapter must look up before re-sending');
    expect(await find(CASH, context())).toBeNull();
    fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: BUSINESS });
    await expect(sageAccounts.create(CASH, context())).rejects.toBeInstanceOf(ProviderUnavailable);
    const [stored] = fake.accounts(BUSINESS);
    const found = await find(CASH, context());
    expect(found).toEqual({
      remoteId: stored?.id,
      remoteData: stored,
      fields: {
        name: 'Cash',
        type: 'Current Asset',
        classification: 'Asset',
        account_number: '1000',
        remote_created_at: stored?.created_at,
      },
    });
    expect(fake.accounts(BUSINESS)).toHaveLength(1);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      query: { search: '1000', ledger_account_type_id: 'CURRENT_ASSETS', attributes: 'all' },
      status: 200,
    });
  });

  it('adopts only the exact account: not one whose name differs in case, nor one with another display name', async () => {
    await sageAccounts.create({ ...CASH, name: 'cash' }, context());
    expect(await sageAccounts.find?.(CASH, context())).toBeNull();
    const mapped = { display_name: 'Cash in hand' };
    const created = await sageAccounts.create({ ...CASH, account_number: '1010' }, context({ mappedFields: mapped }));
    expect(await sageAccounts.find?.({ ...CASH, account_number: '1010' }, context())).toBeNull();
    expect((await sageAccounts.find?.({ ...CASH, account_number: '1010' }, context({ mappedFields: mapped })))?.remoteId).toBe(
      created.remoteId,
    );
  });

  it('treats a lookup Sage fails as transient: throttled, an outage, an edge proxy page, a timeout, a dropped connection', async () => {
    const find = sageAccounts.find;
    if (!find) throw new Error('the Sage adapter must look up before re-sending');
    const failures: unknown[] = [];
    for (const status of [429, 500, 502, 503, 504] as const) {
      fake.injectFault({ kind: 'status', status });
      failures.push(await find(CASH, context()).catch((e: unknown) => e));
    }
    fake.injectFault({ kind: 'delay', ms: 500 });
    failures.push(await find(CASH, context({ timeoutMs: 100 })).catch((e: unknown) => e));
    fake.injectFault({ kind: 'reset' });
    failures.push(await find(CASH, context()).catch((e: unknown) => e));
    expect(failures.map((e) => [(e as { name?: string }).name, (e as { transient?: boolean }).transient])).toEqual([
      ['RateLimited', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
    ]);
  });

  it('does not adopt another account holding the nominal code, nor one that only shares the name', async () => {
    await sageAccounts.create({ ...CASH, name: 'Petty Cash' }, context());
    await sageAccounts.create({ ...CASH, account_number: '1001' }, context());
    expect(await sageAccounts.find?.(CASH, context())).toBeNull();
    await sageAccounts.create({ ...CASH, type: 'Bank', account_number: '1200' }, context());
    expect(await sageAccounts.find?.({ ...CASH, type: 'Current Asset', account_number: '1200' }, context())).toBeNull();
  });

  it('pages through the search results', async () => {
    await server.close();
    await start({ maxItemsPerPage: 2 });
    // Named so the search for "1000" matches them, with codes that sort before 1000.
    for (const code of ['1', '2', '3']) await sageAccounts.create({ ...CASH, name: `Float 1000-${code}`, account_number: code }, context());
    const created = await sageAccounts.create(CASH, context());
    const found = await sageAccounts.find?.(CASH, context());
    expect(found?.remoteId).toBe(created.remoteId);
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.query.page)).toEqual(['1', '2']);
  });

  it('classifies what the gateway answers: expired token, foreign business, throttling, outages, a dropped connection', async () => {
    fake.expireAccessTokens(BUSINESS);
    await expect(sageAccounts.create(CASH, context())).rejects.toBeInstanceOf(CredentialsExpired);
    accessToken = fake.mintTokens(BUSINESS).access_token;
    await expect(sageAccounts.create(CASH, context({ tenantId: '0123456789abcdef0123456789abcdef' }))).rejects.toBeInstanceOf(
      CredentialsExpired,
    );
    await expect(sageAccounts.find?.(CASH, context({ accessToken: 'nope' }))).rejects.toBeInstanceOf(CredentialsExpired);

    fake.injectFault({ kind: 'status', status: 429 });
    const throttled = await sageAccounts.create(CASH, context()).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RateLimited);
    expect((throttled as RateLimited).retryAfterMs).toBe(60_000);
    fake.injectFault({ kind: 'status', status: 503 });
    await expect(sageAccounts.create(CASH, context())).rejects.toMatchObject({ name: 'ProviderUnavailable', status: 503 });
    fake.injectFault({ kind: 'status', status: 500 });
    await expect(sageAccounts.find?.(CASH, context())).rejects.toMatchObject({ name: 'ProviderUnavailable', status: 500 });
    fake.injectFault({ kind: 'reset' });
    await expect(sageAccounts.create(CASH, context())).rejects.toMatchObject({ name: 'ProviderUnavailable', status: undefined });
    expect(fake.accounts(BUSINESS)).toEqual([]);
    await sageAccounts.create(CASH, context());
    expect(fake.accounts(BUSINESS)).toHaveLength(1);
  });

  it("is throttled by the fake's per-business limit", async () => {
    await server.close();
    await start({ requestsPerWindow: 1 });
    await sageAccounts.create(CASH, context());
    await expect(sageAccounts.find?.(CASH, context())).rejects.toBeInstanceOf(RateLimited);
  });
});
