import type { XeroFake, XeroFakeOptions } from '@ledgersync/fake-providers';
import { ACCOUNT_TYPES, EXAMPLE_NORMALIZED_ACCOUNT, type NormalizedAccount } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited } from '../errors.js';
import { pushContext } from '../test-support.js';
import type { PushContext } from '../types.js';
import { archiveIdempotencyKey, xeroAccounts } from './accounts.js';
import { DAY_QUOTA_PAUSE_MS, IDEMPOTENCY_KEY_RETENTION_MS, MINUTE_QUOTA_PAUSE_MS } from './client.js';
import { parseMsJsonDate } from './ms-json-date.js';
import { OTHER_TENANT, PREFIX, startXeroServer, TENANT } from './test-support.js';
import { XERO_UNIFIED_TYPES } from './vocabulary.js';

const SEED: NormalizedAccount = EXAMPLE_NORMALIZED_ACCOUNT;

interface XeroServer {
  fake: XeroFake;
  /** A push context for the tenant, with a fresh idempotency key unless one is given. */
  context(overrides?: Partial<PushContext>): PushContext;
  advance(ms: number): void;
}

/** The Xero fake on a real port, in the sandbox server; time moves only when told. */
async function startXero(options: Omit<XeroFakeOptions, 'secret' | 'now'> = {}): Promise<XeroServer> {
  const server = await startXeroServer(options);
  const tenant = { baseUrl: server.baseUrl, tenantId: TENANT, accessToken: server.accessToken };
  return { fake: server.fake, advance: server.advance, context: (overrides = {}) => pushContext(tenant, overrides) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('xeroAccounts.create against the Xero fake', () => {
  it('creates the seed account as a CURRENT account with Code 1000, sending what Xero expects', async () => {
    const xero = await startXero();
    const context = xero.context();
    const result = await xeroAccounts.create(SEED, context);

    const [stored, ...others] = xero.fake.accounts(TENANT);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({
      AccountID: result.remoteId,
      Code: '1000',
      Name: 'Cash',
      Type: 'CURRENT',
      Class: 'ASSET',
      Status: 'ACTIVE',
      Description: 'Main cash account for daily operations',
    });
    expect(stored).not.toHaveProperty('CurrencyCode');
    expect(result.fields).toEqual({
      name: 'Cash',
      type: 'Current Asset',
      classification: 'Asset',
      status: 'Active',
      account_number: '1000',
    });
    expect(result.quotaPauseMs).toBeUndefined();
    const remote = result.remoteData as { Status: string; Accounts: { UpdatedDateUTC: string }[] };
    expect(remote.Status).toBe('OK');
    expect(parseMsJsonDate(remote.Accounts[0]?.UpdatedDateUTC)).toBe('2025-06-01T19:00:00.000Z');

    const [request] = xero.fake.requests;
    expect(request).toMatchObject({ method: 'PUT', path: `${PREFIX}/api.xro/2.0/Accounts`, status: 200 });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${context.accessToken}`,
      'xero-tenant-id': TENANT,
      'idempotency-key': context.idempotencyKey,
      accept: 'application/json',
      'content-type': 'application/json',
    });
    expect(request?.body).toEqual({
      Code: '1000',
      Name: 'Cash',
      Type: 'CURRENT',
      Description: 'Main cash account for daily operations',
    });
  });

  // Xero documents archiving as an update of an ACTIVE account, with the Status alone.
  it('creates an Inactive account, then archives it with a second call carrying the Status alone', async () => {
    const xero = await startXero();
    const context = xero.context();
    const result = await xeroAccounts.create({ ...SEED, status: 'Inactive' }, context);
    const [stored, ...others] = xero.fake.accounts(TENANT);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ AccountID: result.remoteId, Code: '1000', Status: 'ARCHIVED' });
    expect(result.fields).toMatchObject({ status: 'Inactive', name: 'Cash', account_number: '1000' });
    expect((result.remoteData as { Accounts: { Status: string }[] }).Accounts[0]?.Status).toBe('ARCHIVED');
    const [create, update] = xero.fake.requests;
    expect(create).toMatchObject({ method: 'PUT', status: 200 });
    expect(create?.body).not.toHaveProperty('Status');
    expect(update).toMatchObject({ method: 'POST', path: `${PREFIX}/api.xro/2.0/Accounts/${result.remoteId}`, status: 200, body: { Status: 'ARCHIVED' } });
    expect(update?.headers['idempotency-key']).toBe(archiveIdempotencyKey(context.idempotencyKey));
    // A retry of the whole push within Xero's key window replays both answers.
    expect((await xeroAccounts.create({ ...SEED, status: 'Inactive' }, context)).remoteId).toBe(result.remoteId);
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
  });

  it("names the account left ACTIVE when Xero refuses its archive", async () => {
    const xero = await startXero();
    // A Credit Card is a BANK account at Xero, which refuses to update one (the intake refuses it first).
    const card = { name: 'Amex', type: 'Credit Card', account_number: '810', status: 'Inactive' } as const;
    const refused = await rejection(xeroAccounts.create(card, xero.context({ mappedFields: { BankAccountNumber: '1004' } })));
    const [stored] = xero.fake.accounts(TENANT);
    expect(stored?.Status).toBe('ACTIVE');
    expect(refused).toMatchObject({
      name: 'ProviderRejected',
      message: `Xero created the account (AccountID ${stored?.AccountID}) but refused to archive it: Accounts of type BANK cannot be updated.`,
    });
  });

  it('creates nothing new on a retry with the same idempotency key, even when the first answer was lost', async () => {
    const xero = await startXero();
    const context = xero.context();
    xero.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: TENANT });
    expect(await rejection(xeroAccounts.create(SEED, context))).toBeInstanceOf(ProviderUnavailable);
    const [stored] = xero.fake.accounts(TENANT);
    xero.advance(60_000);
    const retried = await xeroAccounts.create(SEED, context);
    expect(retried.remoteId).toBe(stored?.AccountID);
    expect((await xeroAccounts.create(SEED, context)).remoteId).toBe(stored?.AccountID);
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
    expect(new Set(xero.fake.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([context.idempotencyKey]));
  });

  it("refuses a duplicate Code with Xero's message", async () => {
    const xero = await startXero();
    await xeroAccounts.create(SEED, xero.context());
    const error = await rejection(xeroAccounts.create({ ...SEED, name: 'Petty cash' }, xero.context()));
    expect(error).toBeInstanceOf(ProviderRejected);
    expect(error).toMatchObject({ message: 'Please enter a unique Code.', providerCode: '10', status: 400 });
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
  });

  it('answers CredentialsExpired to an expired token, and ProviderRejected to a tenant the token does not grant', async () => {
    const xero = await startXero();
    const wrongTenant = await rejection(xeroAccounts.create(SEED, xero.context({ tenantId: OTHER_TENANT })));
    expect(wrongTenant).toBeInstanceOf(ProviderRejected);
    expect(wrongTenant).toMatchObject({ status: 403, providerCode: 'AuthenticationUnsuccessful' });
    xero.fake.expireAccessTokens(TENANT);
    const expired = await rejection(xeroAccounts.create(SEED, xero.context()));
    expect(expired).toBeInstanceOf(CredentialsExpired);
    expect(expired).toMatchObject({ status: 401, providerCode: 'TokenExpired' });
    expect(xero.fake.accounts(TENANT)).toEqual([]);
  });

  it('answers RateLimited with the Retry-After and the limit a 429 names', async () => {
    const xero = await startXero({ requestsPerMinute: 1 });
    // The one request of the minute is admitted; its answer says the minute quota is spent.
    const first = await xeroAccounts.create(SEED, xero.context());
    expect(first.quotaPauseMs).toBe(MINUTE_QUOTA_PAUSE_MS);
    xero.advance(20_000);
    const throttled = await rejection(xeroAccounts.create({ ...SEED, name: 'Till', account_number: '1001' }, xero.context()));
    expect(throttled).toBeInstanceOf(RateLimited);
    expect(throttled).toMatchObject({ retryAfterMs: 40_000, providerCode: 'minute', status: 429 });
    expect((throttled as Error).message).toContain('X-Rate-Limit-Problem: minute');
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
  });

  it("says when the app's calls are spent across its tenants, and throttles the whole app when another tenant asks", async () => {
    const xero = await startXero({ appRequestsPerMinute: 2 });
    expect((await xeroAccounts.create(SEED, xero.context())).appQuotaPauseMs).toBeUndefined();
    const otherToken = xero.fake.mintTokens(OTHER_TENANT).access_token;
    const other = xero.context({ tenantId: OTHER_TENANT, accessToken: otherToken });
    const spent = await xeroAccounts.create(SEED, other);
    expect(spent).toMatchObject({ appQuotaPauseMs: MINUTE_QUOTA_PAUSE_MS });
    expect(spent.quotaPauseMs).toBeUndefined();
    const refused = await rejection(xeroAccounts.create({ ...SEED, name: 'Till', account_number: '1001' }, xero.context()));
    expect(refused).toMatchObject({ name: 'RateLimited', scope: 'app', providerCode: 'appminute', retryAfterMs: MINUTE_QUOTA_PAUSE_MS });
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
  });

  it('answers RateLimited to an injected 429 and ProviderUnavailable to 5xx, storing nothing', async () => {
    const xero = await startXero();
    xero.fake.injectFault({ kind: 'status', status: 429 });
    expect(await rejection(xeroAccounts.create(SEED, xero.context()))).toMatchObject({
      name: 'RateLimited',
      retryAfterMs: 60_000,
      providerCode: 'minute',
    });
    xero.fake.injectFault({ kind: 'status', status: 503 });
    expect(await rejection(xeroAccounts.create(SEED, xero.context()))).toMatchObject({ name: 'ProviderUnavailable', status: 503 });
    xero.fake.injectFault({ kind: 'status', status: 502 });
    expect(await rejection(xeroAccounts.create(SEED, xero.context()))).toMatchObject({ name: 'ProviderUnavailable', status: 502 });
    expect(xero.fake.accounts(TENANT)).toEqual([]);
  });

  it("waits out the key's six minutes after a 500, which Xero caches under the key, and the re-send is then processed", async () => {
    const xero = await startXero();
    const context = xero.context();
    xero.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await rejection(xeroAccounts.create(SEED, context));
    // Retried sooner, the same key gets the cached 500 back (Xero's idempotency guide).
    expect(failed).toMatchObject({ name: 'ProviderUnavailable', status: 500, retryAfterMs: IDEMPOTENCY_KEY_RETENTION_MS + 5_000 });
    expect(await rejection(xeroAccounts.create(SEED, context))).toMatchObject({ name: 'ProviderUnavailable', status: 500 });
    expect(xero.fake.accounts(TENANT)).toEqual([]);

    xero.advance((failed as { retryAfterMs: number }).retryAfterMs);
    const created = await xeroAccounts.create(SEED, context);
    expect(xero.fake.accounts(TENANT).map((a) => a.AccountID)).toEqual([created.remoteId]);
    // The gateway's 503 is not cached: no wait beyond the usual backoff.
    xero.fake.injectFault({ kind: 'status', status: 503 });
    expect(await rejection(xeroAccounts.create({ ...SEED, name: 'Other', account_number: '1001' }, context))).toMatchObject({ status: 503, retryAfterMs: undefined });
  });

  it("holds the connection an hour when the day's quota is spent, and then reads the day 429's Retry-After", async () => {
    const xero = await startXero({ requestsPerDay: 1 });
    // A token that outlives the hour (Xero's last 30 minutes).
    const accessToken = xero.fake.mintTokens(TENANT, { accessTtlSeconds: 2 * 3600 }).access_token;
    expect((await xeroAccounts.create(SEED, xero.context({ accessToken }))).quotaPauseMs).toBe(DAY_QUOTA_PAUSE_MS);
    xero.advance(DAY_QUOTA_PAUSE_MS);
    const till = { ...SEED, name: 'Till', account_number: '1001' };
    const throttled = await rejection(xeroAccounts.create(till, xero.context({ accessToken })));
    expect(throttled).toMatchObject({ name: 'RateLimited', providerCode: 'day', retryAfterMs: 23 * 3_600_000 });
  });

  it('creates a bank account with its mapped number and currency, and refuses one without a number before sending', async () => {
    const xero = await startXero();
    const bank: NormalizedAccount = {
      ...SEED,
      name: 'Business Bank',
      type: 'Bank',
      classification: 'Asset',
      currency: 'EUR',
      // 090 is the organisation's own Business Bank Account (Xero's default chart).
      account_number: '092',
    };
    const missing = await rejection(xeroAccounts.create(bank, xero.context({ mappedFields: { TaxType: 'NONE' } })));
    expect(missing).toBeInstanceOf(ProviderRejected);
    expect((missing as Error).message).toContain('BankAccountNumber');
    expect(xero.fake.requests).toEqual([]);

    const result = await xeroAccounts.create(bank, xero.context({ mappedFields: { BankAccountNumber: '0209087654321050' } }));
    expect(xero.fake.accounts(TENANT)).toEqual([
      expect.objectContaining({
        AccountID: result.remoteId,
        Type: 'BANK',
        BankAccountNumber: '0209087654321050',
        BankAccountType: 'BANK',
        CurrencyCode: 'EUR',
      }),
    ]);
    expect(xero.fake.accounts(TENANT)[0]).not.toHaveProperty('Description');
    expect(result.fields).toMatchObject({ type: 'Bank', currency: 'EUR' });
  });

  it('creates every type it accepts, and Xero reads each back as the same type and classification', async () => {
    const xero = await startXero({ requestsPerMinute: 100 });
    for (const [index, type] of XERO_UNIFIED_TYPES.entries()) {
      const account: NormalizedAccount = { name: `A ${type}`, type, account_number: `T${index}` };
      const result = await xeroAccounts.create(account, xero.context({ mappedFields: { BankAccountNumber: `${index}` } }));
      expect(result.fields?.type, type).toBe(type === 'Other Expense' ? 'Expense' : type);
      // Xero keeps a credit card as a BANK account, Class ASSET.
      expect(result.fields?.classification, type).toBe(type === 'Credit Card' ? 'Asset' : ACCOUNT_TYPES[type]);
    }
    expect(xero.fake.accounts(TENANT)).toHaveLength(XERO_UNIFIED_TYPES.length);
  });
});

describe('xeroAccounts.find against the Xero fake', () => {
  it('finds by Code the account a create made after Xero forgot its key, and nothing before', async () => {
    const xero = await startXero();
    const context = xero.context();
    expect(await xeroAccounts.find?.(SEED, context)).toBeNull();
    xero.fake.injectFault({ kind: 'commit-then-reset' }, { tenantId: TENANT });
    await rejection(xeroAccounts.create(SEED, context));
    const [stored] = xero.fake.accounts(TENANT);

    // Past Xero's ~6 minutes the key is forgotten: re-sending the create is a duplicate.
    xero.advance(6 * 60_000);
    expect(await rejection(xeroAccounts.create(SEED, context))).toMatchObject({
      name: 'ProviderRejected',
      message: 'Please enter a unique Code. Please enter a unique Name.',
    });
    const found = await xeroAccounts.find?.(SEED, context);
    expect(found).toMatchObject({ remoteId: stored?.AccountID, fields: { name: 'Cash', type: 'Current Asset', account_number: '1000' } });
    const lookup = xero.fake.requests.at(-1);
    expect(lookup).toMatchObject({ method: 'GET', path: `${PREFIX}/api.xro/2.0/Accounts`, query: { where: 'Code=="1000"' }, status: 200 });
    expect(lookup?.headers).toMatchObject({ 'xero-tenant-id': TENANT, accept: 'application/json' });
    expect(xero.fake.accounts(TENANT)).toHaveLength(1);
  });

  it('archives an Inactive account it finds still ACTIVE (the archive of an earlier attempt lost)', async () => {
    const xero = await startXero();
    const created = await xeroAccounts.create(SEED, xero.context());
    const found = await xeroAccounts.find?.({ ...SEED, status: 'Inactive' }, xero.context());
    expect(found).toMatchObject({ remoteId: created.remoteId, fields: { status: 'Inactive' } });
    expect(xero.fake.accounts(TENANT).map((a) => a.Status)).toEqual(['ARCHIVED']);
    // Found already ARCHIVED: adopted as it is, without another update.
    const requests = xero.fake.requests.length;
    expect(await xeroAccounts.find?.({ ...SEED, status: 'Inactive' }, xero.context())).toMatchObject({ fields: { status: 'Inactive' } });
    expect(xero.fake.requests.slice(requests).map((r) => r.method)).toEqual(['GET']);
  });

  it("does not adopt another account that holds the Code, and classifies the lookup's failures", async () => {
    const xero = await startXero();
    await xeroAccounts.create({ ...SEED, name: 'Petty cash' }, xero.context());
    expect(await xeroAccounts.find?.(SEED, xero.context())).toBeNull();
    expect(await xeroAccounts.find?.({ ...SEED, name: 'PETTY CASH', type: 'Bank' }, xero.context())).toBeNull();
    expect(await xeroAccounts.find?.({ ...SEED, name: ' petty cash ' }, xero.context())).toMatchObject({
      fields: { name: 'Petty cash' },
    });
    xero.fake.expireAccessTokens(TENANT);
    expect(await rejection(Promise.resolve(xeroAccounts.find?.(SEED, xero.context())))).toBeInstanceOf(CredentialsExpired);
  });
});
