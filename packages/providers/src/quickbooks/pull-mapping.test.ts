import { JsonNumber } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { pulledAccount } from './accounts-pull.js';
import { fiscalYearEnd } from './company-info.js';
import { basisPoints } from './tax-rates.js';

describe('QuickBooks records in unified words', () => {
  it('rates in percent become exact basis points', () => {
    expect(basisPoints(8.875)).toBe('887.5');
    expect(basisPoints(new JsonNumber('7.10'))).toBe('710');
    expect(basisPoints(0)).toBe('0');
    expect(basisPoints('n/a')).toBeNull();
  });

  it('the fiscal year ends the day before the month it starts', () => {
    expect(fiscalYearEnd('January')).toEqual({ month: 12, day: 31 });
    expect(fiscalYearEnd('July')).toEqual({ month: 6, day: 30 });
    expect(fiscalYearEnd('March')).toEqual({ month: 2, day: 28 });
    expect(fiscalYearEnd('Smarch')).toBeNull();
  });

  it('keeps a balance exact and skips what it cannot read', () => {
    const row = { Id: '9', Name: 'Big', AccountType: 'Bank', AccountSubType: 'Checking', Active: true, CurrentBalance: new JsonNumber('99999999999.99') };
    expect(pulledAccount(row)).toMatchObject({ record: { fields: { current_balance: '99999999999.99', type: 'Bank' } } });
    expect(pulledAccount({ ...row, CurrentBalance: 'lots' })).toEqual({ skipped: { remoteId: '9', reason: 'QuickBooks CurrentBalance "lots" is not an amount' } });
    expect(pulledAccount({ Name: 'No Id', AccountType: 'Bank' })).toMatchObject({ skipped: { reason: 'a QuickBooks Account without an Id' } });
  });
});
