import { decimal, EXAMPLE_NORMALIZED_ACCOUNT, JsonNumber, stringifyJsonExact } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { response } from '../test-support.js';
import { fromQuickbooksAccount, readQuickbooksResponse, toQuickbooksPayload } from './accounts.js';
import { unifiedTypeOf } from './vocabulary.js';

describe('QuickBooks mapping', () => {
  it("maps the seed's account to Intuit's Account body", () => {
    const payload = toQuickbooksPayload(
      { ...EXAMPLE_NORMALIZED_ACCOUNT, company_info_id: 'ignored' },
      '94',
    );
    expect(payload).toEqual({
      Name: 'Cash',
      AccountType: 'Other Current Asset',
      AccountSubType: 'OtherCurrentAssets',
      AcctNum: '1000',
      Description: 'Main cash account for daily operations',
      Active: true,
      CurrencyRef: { value: 'USD' },
      OpeningBalance: new JsonNumber('10000'),
      ParentRef: { value: '94' },
      SubAccount: true,
    });
  });

  it("writes the opening balance with the client's digits, not a double's", () => {
    const payload = toQuickbooksPayload({ name: 'Float', type: 'Bank', classification: 'Asset', current_balance: decimal('12345678901.50') }, null);
    expect(stringifyJsonExact(payload)).toContain('"OpeningBalance":12345678901.50');
  });

  it('sends no opening balance on an income or expense account', () => {
    const payload = toQuickbooksPayload({ name: 'Fees', type: 'Revenue', classification: 'Revenue', current_balance: decimal('5') }, null);
    expect(payload).toEqual({ Name: 'Fees', AccountType: 'Income', AccountSubType: 'OtherPrimaryIncome' });
  });

  it('never asks QuickBooks for an inactive account', () => {
    expect(() => toQuickbooksPayload({ name: 'Fees', type: 'Revenue', status: 'Inactive' }, null)).toThrow(ProviderRejected);
  });
});

describe('QuickBooks answers', () => {
  it('reads the remote id and keeps the raw body', () => {
    const body = { Account: { Id: '94', Name: 'Cash' }, time: '2024-01-01T00:00:00-07:00' };
    expect(readQuickbooksResponse(response(200, body))).toEqual({ remoteId: '94', remoteData: body, fields: { name: 'Cash' } });
  });

  it('classifies Fault envelopes whatever their key case', () => {
    const duplicate = {
      Fault: {
        Error: [{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Id=123', code: '6240' }],
        type: 'ValidationFault',
      },
    };
    expect(() => readQuickbooksResponse(response(400, duplicate))).toThrow(ProviderRejected);
    try {
      readQuickbooksResponse(response(400, duplicate));
    } catch (error) {
      expect(error).toMatchObject({
        providerCode: '6240',
        message: 'Duplicate Name Exists Error: The name supplied already exists. : Id=123',
        transient: false,
      });
    }
    const lower = { fault: { error: [{ message: 'message=AuthenticationFailed', detail: 'Token expired', code: '3200' }] } };
    expect(() => readQuickbooksResponse(response(401, lower))).toThrow(CredentialsExpired);
    // A 200 can still carry a Fault.
    expect(() => readQuickbooksResponse(response(200, duplicate))).toThrow(ProviderRejected);
  });

  it('waits 60 s after a throttle with no Retry-After, and retries 5xx', () => {
    const throttled = { Fault: { Error: [{ Message: 'message=ThrottleExceeded', code: '3001' }], type: 'SERVICE' } };
    try {
      readQuickbooksResponse(response(429, throttled));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RateLimited);
      expect((error as RateLimited).retryAfterMs).toBe(60_000);
    }
    expect(() => readQuickbooksResponse(response(503, 'Service Unavailable'))).toThrow(ProviderUnavailable);
    expect(() => readQuickbooksResponse(response(200, { Account: {} }))).toThrow(UnexpectedResponse);
  });
});

describe('QuickBooks read-back', () => {
  it("turns Intuit's Account into unified words", () => {
    const fields = fromQuickbooksAccount({
      Id: '94',
      Name: 'Cash',
      AccountType: 'Other Current Asset',
      AccountSubType: 'Inventory',
      Classification: 'Asset',
      Active: false,
      AcctNum: '1000',
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      MetaData: { CreateTime: '2014-09-11T16:48:43-07:00' },
    });
    expect(fields).toEqual({
      name: 'Cash',
      type: 'Inventory',
      classification: 'Asset',
      status: 'Inactive',
      account_number: '1000',
      currency: 'USD',
      remote_created_at: '2014-09-11T23:48:43.000Z',
    });
  });

  it('falls back to the AccountType alone for a sub-type the table does not list', () => {
    expect(unifiedTypeOf('Other Current Asset', 'LoansToOfficers')).toBe('Current Asset');
    expect(unifiedTypeOf('Non-Posting', undefined)).toBeUndefined();
  });
});
