import { EXAMPLE_NORMALIZED_ACCOUNT } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { response, caught as thrown } from '../test-support.js';
import { fromXeroAccount, readXeroResponse, toXeroPayload } from './accounts.js';
import { DAY_QUOTA_PAUSE_MS, MINUTE_QUOTA_PAUSE_MS, xeroQuotaPauseMs } from './client.js';
import { xero } from './descriptor.js';

// An account as Xero's documentation shows one (createAccount example answer).
const XERO_ACCOUNT = {
  AccountID: '66b262e2-bd40-4f5e-8b8b-2bdd2b2b7b45',
  Code: '123456',
  Name: 'Foobar',
  Status: 'ACTIVE',
  Type: 'EXPENSE',
  TaxType: 'INPUT',
  Description: 'Hello World',
  Class: 'EXPENSE',
  EnablePaymentsToAccount: false,
  ShowInExpenseClaims: false,
  ReportingCode: 'EXP',
  ReportingCodeName: 'Expense',
  UpdatedDateUTC: '/Date(1550793549320+0000)/',
  AddToWatchlist: false,
};
const OK = {
  Id: 'a2b7c6d0-5b4e-4e7f-9d3c-1a2b3c4d5e6f',
  Status: 'OK',
  ProviderName: 'Xero API Partner',
  DateTimeUTC: '/Date(1550793549392)/',
  Accounts: [XERO_ACCOUNT],
};

const SEED = { ...EXAMPLE_NORMALIZED_ACCOUNT, company_info_id: 'company-1' } as const;

describe('Xero mapping', () => {
  it('maps the seed account to one unwrapped Account: no balance, no currency off a bank account', () => {
    expect(toXeroPayload(SEED)).toEqual({
      Code: '1000',
      Name: 'Cash',
      Type: 'CURRENT',
      Description: 'Main cash account for daily operations',
    });
  });

  // Xero documents archiving as an update: an Inactive account is archived after its create (accounts.http.test.ts).
  it('sends no Status, Inactive or not, and a bank account with its currency and without a description', () => {
    expect(toXeroPayload({ name: 'Fees', type: 'Revenue', account_number: '200', status: 'Inactive' })).toEqual({
      Code: '200',
      Name: 'Fees',
      Type: 'REVENUE',
    });
    expect(toXeroPayload({ ...SEED, type: 'Bank', currency: 'EUR' }, { BankAccountNumber: '0209087654321050' })).toEqual({
      Code: '1000',
      Name: 'Cash',
      Type: 'BANK',
      CurrencyCode: 'EUR',
      BankAccountNumber: '0209087654321050',
    });
  });

  it('sends a credit card as the CREDITCARD bank account Xero keeps it as', () => {
    const payload = toXeroPayload(
      { name: 'Amex', type: 'Credit Card', account_number: '810' },
      { BankAccountType: 'PAYPAL', BankAccountNumber: '1004' },
    );
    expect(payload).toEqual({ Code: '810', Name: 'Amex', Type: 'BANK', BankAccountType: 'CREDITCARD', BankAccountNumber: '1004' });
  });

  it("merges only the descriptor's mappable fields, never over a unified one, and skips empty values", () => {
    const payload = toXeroPayload(
      { name: 'Ads', type: 'Expense', account_number: '400' },
      { TaxType: 'NONE', ShowInExpenseClaims: true, ReportingCode: null, Code: '999', Colour: 'red' },
    );
    expect(payload).toEqual({ Code: '400', Name: 'Ads', Type: 'EXPENSE', TaxType: 'NONE', ShowInExpenseClaims: true });
    expect(xero.mappableFields).not.toContain('Code');
  });

  it('reads an Account back in unified words, with no created-at', () => {
    expect(fromXeroAccount(XERO_ACCOUNT)).toEqual({
      name: 'Foobar',
      type: 'Expense',
      classification: 'Expense',
      status: 'Active',
      account_number: '123456',
    });
    const card = { ...XERO_ACCOUNT, Type: 'BANK', Class: 'ASSET', BankAccountType: 'CREDITCARD', CurrencyCode: 'NZD', Status: 'ARCHIVED' };
    expect(fromXeroAccount(card)).toMatchObject({ type: 'Credit Card', classification: 'Asset', status: 'Inactive', currency: 'NZD' });
    expect(fromXeroAccount({ ...XERO_ACCOUNT, Status: 'DELETED', Type: 'CRYPTO' })).not.toHaveProperty('status');
    expect(fromXeroAccount({ ...XERO_ACCOUNT, Type: 'CRYPTO' })).not.toHaveProperty('type');
    expect(fromXeroAccount('not an account')).toEqual({});
  });
});

describe('Xero answers', () => {
  it('reads the remote id, the fields and the raw body of a 200', () => {
    expect(readXeroResponse(response(200, OK))).toEqual({
      remoteId: '66b262e2-bd40-4f5e-8b8b-2bdd2b2b7b45',
      remoteData: OK,
      fields: fromXeroAccount(XERO_ACCOUNT),
    });
  });

  it('pauses a minute when the minute quota is spent, an hour when the day quota is', () => {
    expect(xeroQuotaPauseMs(new Headers({ 'X-MinLimit-Remaining': '1', 'X-DayLimit-Remaining': '10' }))).toBeUndefined();
    expect(xeroQuotaPauseMs(new Headers({ 'X-MinLimit-Remaining': '0', 'X-DayLimit-Remaining': '10' }))).toBe(MINUTE_QUOTA_PAUSE_MS);
    expect(xeroQuotaPauseMs(new Headers({ 'X-MinLimit-Remaining': '0', 'X-DayLimit-Remaining': '0' }))).toBe(DAY_QUOTA_PAUSE_MS);
    expect(xeroQuotaPauseMs(new Headers({ 'X-DayLimit-Remaining': '' }))).toBeUndefined();
    expect(readXeroResponse(response(200, OK, { 'X-MinLimit-Remaining': '0' })).quotaPauseMs).toBe(60_000);
  });

  it("pauses every connection of the app, not the tenant's, for a minute when the app's calls are spent", () => {
    const spent = readXeroResponse(response(200, OK, { 'X-MinLimit-Remaining': '58', 'X-AppMinLimit-Remaining': '0' }));
    expect(spent.appQuotaPauseMs).toBe(MINUTE_QUOTA_PAUSE_MS);
    expect(spent.quotaPauseMs).toBeUndefined();
    expect(xeroQuotaPauseMs(new Headers({ 'X-AppMinLimit-Remaining': '0' }))).toBeUndefined();
    const both = readXeroResponse(response(200, OK, { 'X-MinLimit-Remaining': '0', 'X-AppMinLimit-Remaining': '0' }));
    expect(both).toMatchObject({ quotaPauseMs: MINUTE_QUOTA_PAUSE_MS, appQuotaPauseMs: MINUTE_QUOTA_PAUSE_MS });
    expect(readXeroResponse(response(200, OK, { 'X-AppMinLimit-Remaining': '1' })).appQuotaPauseMs).toBeUndefined();
  });

  it("rejects a ValidationException with Xero's messages, and other 400s with theirs", () => {
    const duplicate = {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [
        {
          Code: '400',
          ValidationErrors: [
            { Message: 'Please enter a unique Code.' },
            { Message: 'Account Code is too long. Maximum of 10 characters allowed' },
          ],
        },
      ],
    };
    expect(thrown(() => readXeroResponse(response(400, duplicate)))).toMatchObject({
      name: 'ProviderRejected',
      message: 'Please enter a unique Code. Account Code is too long. Maximum of 10 characters allowed.',
      providerCode: '10',
      status: 400,
      transient: false,
    });
    const postData = {
      ErrorNumber: 14,
      Type: 'PostDataInvalidException',
      Message: "Error converting value \"XXX\" to type 'CurrencyCode'. Path 'CurrencyCode'.",
    };
    expect(thrown(() => readXeroResponse(response(400, postData)))).toMatchObject({ message: postData.Message, providerCode: '14' });
    const conflict = { Title: 'Bad Request', Status: 400, Detail: 'Idempotency Key k is used with a different request' };
    expect(thrown(() => readXeroResponse(response(400, conflict)))).toMatchObject({
      name: 'ProviderRejected',
      message: 'Bad Request: Idempotency Key k is used with a different request',
    });
    // A 200 whose account carries errors (summarizeErrors=false) is no success.
    const failed = { ...OK, Accounts: [{ ...XERO_ACCOUNT, ValidationErrors: [{ Message: 'Please enter a unique Name.' }] }] };
    expect(thrown(() => readXeroResponse(response(200, failed)))).toMatchObject({
      name: 'ProviderRejected',
      message: 'Please enter a unique Name.',
    });
  });

  it('asks for a token refresh on 401 and refuses on 403 and 404', () => {
    const expired = { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 06/01/2025 19:30:00' };
    const error = thrown(() => readXeroResponse(response(401, expired)));
    expect(error).toBeInstanceOf(CredentialsExpired);
    expect(error).toMatchObject({
      providerCode: 'TokenExpired',
      message: 'Unauthorized: TokenExpired: token expired at 06/01/2025 19:30:00',
    });
    const forbidden = { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful' };
    expect(thrown(() => readXeroResponse(response(403, forbidden)))).toMatchObject({
      name: 'ProviderRejected',
      providerCode: 'AuthenticationUnsuccessful',
      message: 'Forbidden: AuthenticationUnsuccessful',
    });
    const missing = thrown(() => readXeroResponse(response(404, "The resource you're looking for cannot be found")));
    expect(missing).toBeInstanceOf(ProviderRejected);
    expect(missing).toMatchObject({ message: "Xero answered 404: The resource you're looking for cannot be found" });
  });

  it('waits the Retry-After of a 429 and names the limit that is spent', () => {
    const body = { Title: 'Too Many Requests', Status: 429, Detail: 'Rate limit exceeded' };
    const day = thrown(() => readXeroResponse(response(429, body, { 'Retry-After': '37', 'X-Rate-Limit-Problem': 'day' })));
    expect(day).toBeInstanceOf(RateLimited);
    expect(day).toMatchObject({ retryAfterMs: 37_000, providerCode: 'day', transient: true, documentedWait: false });
    expect((day as Error).message).toContain('X-Rate-Limit-Problem: day');
    // The concurrency limit gives no Retry-After.
    const concurrent = thrown(() => readXeroResponse(response(429, body, { 'X-Rate-Limit-Problem': 'concurrent' })));
    expect(concurrent).toMatchObject({ retryAfterMs: xero.throttleWaitMs, providerCode: 'concurrent', documentedWait: true, scope: 'connection' });
    expect(day).toMatchObject({ scope: 'connection' });
  });

  it("throttles the whole app on a 429 for the app minute limit, a minute when Xero does not say how long", () => {
    const body = { Title: 'Too Many Requests', Status: 429, Detail: 'Rate limit exceeded' };
    const app = thrown(() => readXeroResponse(response(429, body, { 'X-Rate-Limit-Problem': 'appminute', 'X-AppMinLimit-Remaining': '0' })));
    expect(app).toBeInstanceOf(RateLimited);
    expect(app).toMatchObject({ scope: 'app', retryAfterMs: MINUTE_QUOTA_PAUSE_MS, documentedWait: true, providerCode: 'appminute' });
    expect((app as Error).message).toContain('every tenant of this app');
    // A Retry-After, when there is one, is the wait; the value is read whatever its case.
    const given = thrown(() => readXeroResponse(response(429, body, { 'X-Rate-Limit-Problem': 'AppMinute', 'Retry-After': '12' })));
    expect(given).toMatchObject({ scope: 'app', retryAfterMs: 12_000, documentedWait: false });
    expect((given as RateLimited).withWait(5)).toMatchObject({ scope: 'app', retryAfterMs: 5 });
  });

  it('retries 5xx, with the Retry-After when there is one, and does not guess at what it cannot read', () => {
    const unavailable = thrown(() =>
      readXeroResponse(
        response(
          503,
          { Title: 'Service Unavailable', Status: 503, Detail: 'The Xero API is currently unavailable.' },
          { 'Retry-After': '5' },
        ),
      ),
    );
    expect(unavailable).toBeInstanceOf(ProviderUnavailable);
    expect(unavailable).toMatchObject({ retryAfterMs: 5_000, transient: true });
    const gateway = thrown(() => readXeroResponse(response(502, '<html><head><title>502 Bad Gateway</title></head></html>')));
    expect(gateway).toMatchObject({ name: 'ProviderUnavailable', message: 'Xero answered 502' });
    // Xero answers XML to a client that forgot Accept: application/json.
    expect(thrown(() => readXeroResponse(response(200, '<Response><Status>OK</Status></Response>')))).toBeInstanceOf(UnexpectedResponse);
    expect(thrown(() => readXeroResponse(response(200, { ...OK, Accounts: [] })))).toBeInstanceOf(UnexpectedResponse);
    expect(thrown(() => readXeroResponse(response(302, null)))).toBeInstanceOf(UnexpectedResponse);
  });
});
