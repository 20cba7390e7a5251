import { describe, expect, it } from 'vitest';
import { ProviderRejected, UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import { pulledXeroAccount } from './accounts-pull.js';
import { MINUTE_QUOTA_PAUSE_MS } from './client.js';
import { pulledXeroOrganisation } from './company-info.js';
import { ifModifiedSince, readXeroList } from './pull.js';
import { percentToBasisPoints } from './rates.js';
import { JsonNumber, parseJsonExact } from '@ledgersync/unified';

function response(status: number, body: unknown, headers: Record<string, string> = {}): ProviderResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: new Headers(headers), body: typeof body === 'string' ? body : parseJsonExact(text), text };
}

const ACCOUNT = {
  AccountID: '99ce6032-0678-4aa0-8148-240c75fee33a',
  Code: '123456',
  Name: 'FooBar',
  Status: 'ACTIVE',
  Type: 'EXPENSE',
  Class: 'EXPENSE',
  UpdatedDateUTC: '/Date(1550797359120+0000)/',
};

describe('readXeroList', () => {
  it('skips a record it cannot map, with the reason, and reads the rest of the page', () => {
    const page = readXeroList(
      response(200, {
        Status: 'OK',
        DateTimeUTC: '/Date(1550797359081)/',
        Accounts: [{ ...ACCOUNT, AccountID: 'a1', Type: 'CRYPTOWALLET' }, ACCOUNT, { Code: '9' }, 'x'],
      }),
      'Accounts',
      (a) => [pulledXeroAccount(a)],
    );
    expect(page.records.map((r) => r.remoteId)).toEqual([ACCOUNT.AccountID]);
    expect(page.skipped).toEqual([
      { remoteId: 'a1', reason: 'Xero account type "CRYPTOWALLET" has no unified type' },
      { remoteId: '', reason: 'Xero answered an Account without an AccountID' },
      { remoteId: '', reason: 'Xero answered an element of Accounts that is not an object' },
    ]);
    expect(page.watermark).toBe('2019-02-22T01:01:39.081Z');
  });

  it('reads a 304 as nothing changed, and keeps the quota pauses of the answer', () => {
    expect(readXeroList(response(304, '', { 'X-MinLimit-Remaining': '0' }), 'Accounts', () => [])).toEqual({
      records: [],
      skipped: [],
      next: null,
      quotaPauseMs: MINUTE_QUOTA_PAUSE_MS,
    });
  });

  it('classifies failures as a push does, and refuses a 200 without the collection', () => {
    const refused = () => readXeroList(response(403, { Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' }), 'Accounts', () => []);
    expect(refused).toThrow(ProviderRejected);
    expect(() => readXeroList(response(200, { Status: 'OK' }), 'TaxRates', () => [])).toThrow(UnexpectedResponse);
  });

  it('reports a DELETED account removed, its status unread', () => {
    const mapped = pulledXeroAccount({ ...ACCOUNT, Status: 'DELETED' });
    expect(mapped).toMatchObject({ record: { fields: { status: null }, removed: { kind: 'deleted', at: '2019-02-22T01:02:39.120Z' } } });
  });
});

describe('percentToBasisPoints', () => {
  it('moves the point two places on the digits Xero wrote, never through a double', () => {
    expect(percentToBasisPoints(new JsonNumber('15.0000'))).toBe('1500');
    expect(percentToBasisPoints(new JsonNumber('8.8750'))).toBe('887.5');
    expect(percentToBasisPoints(12.5)).toBe('1250');
    expect(percentToBasisPoints(0)).toBe('0');
    expect(percentToBasisPoints(new JsonNumber('0.0001'))).toBe('0.01');
    expect(percentToBasisPoints(new JsonNumber('33.3333333333333333'))).toBe('3333.33333333333333');
    expect(percentToBasisPoints('15')).toBeUndefined();
    expect(percentToBasisPoints(null)).toBeUndefined();
  });
});

describe('pulledXeroOrganisation', () => {
  it('leaves a year end outside the calendar unread, and lists the Website first', () => {
    const mapped = pulledXeroOrganisation({
      OrganisationID: 'o1',
      Name: 'Demo',
      FinancialYearEndDay: 0,
      FinancialYearEndMonth: 13,
      ExternalLinks: [
        { LinkType: 'Facebook', Url: 'https://facebook.com/demo' },
        { LinkType: 'Website', Url: 'https://demo.example' },
      ],
    });
    expect(mapped).toMatchObject({
      record: { fields: { fiscal_year_end_day: null, fiscal_year_end_month: null, urls: ['https://demo.example', 'https://facebook.com/demo'] } },
    });
  });
});

describe('ifModifiedSince', () => {
  it('writes the watermark as a UTC date-time to the second, rounded down', () => {
    expect(ifModifiedSince('2025-06-01T19:04:05.987Z')).toBe('2025-06-01T19:04:05Z');
    expect(ifModifiedSince('2025-06-01T21:04:05+02:00')).toBe('2025-06-01T19:04:05Z');
    expect(() => ifModifiedSince('yesterday')).toThrow(/not an RFC 3339 time/);
  });
});
