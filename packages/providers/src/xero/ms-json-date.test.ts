import { describe, expect, it } from 'vitest';
import { parseMsJsonDate } from './ms-json-date.js';

describe('Microsoft JSON dates', () => {
  it("reads Xero's entity and envelope dates as RFC 3339 in UTC", () => {
    // The examples of Xero's documentation (providers.md).
    expect(parseMsJsonDate('/Date(1550793549320+0000)/')).toBe('2019-02-21T23:59:09.320Z');
    expect(parseMsJsonDate('/Date(1550793549392)/')).toBe('2019-02-21T23:59:09.392Z');
  });

  it('keeps the instant whatever the offset says: the milliseconds are UTC', () => {
    expect(parseMsJsonDate('/Date(1550793549320+1300)/')).toBe('2019-02-21T23:59:09.320Z');
    expect(parseMsJsonDate('/Date(1550793549320-0700)/')).toBe('2019-02-21T23:59:09.320Z');
  });

  it('reads dates before 1970 and the epoch itself', () => {
    expect(parseMsJsonDate('/Date(0)/')).toBe('1970-01-01T00:00:00.000Z');
    expect(parseMsJsonDate('/Date(-86400000+0000)/')).toBe('1969-12-31T00:00:00.000Z');
  });

  it('reads the escaped form once JSON.parse has unescaped it', () => {
    const body = JSON.parse('{"UpdatedDateUTC":"\\/Date(1550793549320+0000)\\/"}') as { UpdatedDateUTC: string };
    expect(parseMsJsonDate(body.UpdatedDateUTC)).toBe('2019-02-21T23:59:09.320Z');
  });

  it('answers undefined for anything else', () => {
    for (const value of ['2019-02-22T00:00:00', '/Date()/', '/Date(12a)/', '/Date(1+00)/', 'Date(1)', '', null, 1550793549320]) {
      expect(parseMsJsonDate(value)).toBeUndefined();
    }
    // Beyond the range of a JavaScript date.
    expect(parseMsJsonDate('/Date(9000000000000000)/')).toBeUndefined();
  });
});
