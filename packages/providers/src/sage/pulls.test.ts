import { JsonNumber, parseJsonExact } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { pulledLedgerAccount } from './accounts-reader.js';
import { mapItems, sageSince } from './list.js';
import { basisPointsOf, pulledTaxRate } from './tax-rates.js';
import { pulledAnalysisCategory } from './tracking-categories.js';

const ACCOUNT = {
  id: 'b5a2a4c5e7a711e7b6d00a57719b2edb',
  name: 'Sales Type A',
  nominal_code: 4000,
  included_in_chart: true,
  ledger_account_type: { id: 'SALES', displayed_as: 'Sales' },
  created_at: '2025-06-01T19:00:00Z',
  updated_at: '2025-06-02T08:00:00Z',
};

describe('Sage records in unified words', () => {
  it('skips a ledger account it cannot map, with the reason, and reads the rest of the page', () => {
    const page = mapItems(
      [
        { ...ACCOUNT, id: 'a1', ledger_account_type: { id: 'CRYPTO_ASSETS' } },
        ACCOUNT,
        { ...ACCOUNT, id: 'a3', nominal_code: '4000A' },
        { ...ACCOUNT, id: undefined },
        'not an account',
      ],
      pulledLedgerAccount,
    );
    expect(page.records.map((r) => r.remoteId)).toEqual([ACCOUNT.id]);
    expect(page.skipped).toEqual([
      { remoteId: 'a1', reason: expect.stringContaining('CRYPTO_ASSETS') },
      { remoteId: 'a3', reason: expect.stringContaining('nominal_code') },
      { remoteId: '', reason: expect.stringContaining('without an id') },
      { remoteId: '', reason: expect.stringContaining('not an object') },
    ]);
  });

  it('reads an account out of the chart as Inactive and archived', () => {
    const hidden = pulledLedgerAccount({ ...ACCOUNT, included_in_chart: false });
    expect(hidden).toMatchObject({ record: { fields: { status: 'Inactive' }, removed: { kind: 'archived', at: ACCOUNT.updated_at } } });
    expect(pulledLedgerAccount(ACCOUNT)).toMatchObject({ record: { fields: { status: 'Active' }, remoteUpdatedAt: ACCOUNT.updated_at } });
  });

  it('reads a percentage as exact basis points, never through a double', () => {
    expect(basisPointsOf(20)).toBe('2000');
    expect(basisPointsOf(new JsonNumber('20.0'))).toBe('2000');
    expect(basisPointsOf(8.875)).toBe('887.5');
    expect(basisPointsOf(0)).toBe('0');
    // 0.1 + 0.2 as a double is 0.30000000000000004; the JSON's digits are what counts.
    const body = parseJsonExact('{"percentage": 12.3456789012345678}') as { percentage: unknown };
    expect(basisPointsOf(body.percentage)).toBe('1234.56789012345678');
    expect(basisPointsOf('20')).toBeUndefined();
    expect(pulledTaxRate({ id: 'GB_STANDARD', name: 'Standard', percentage: null })).toEqual({
      skipped: { remoteId: 'GB_STANDARD', reason: expect.stringContaining('percentage') },
    });
  });

  it("names a category's analysis type as its kind and parent", () => {
    const category = pulledAnalysisCategory({ id: 'c1', name: 'North', analysis_type: { id: 't1', displayed_as: 'Region' } });
    expect(category).toMatchObject({ record: { fields: { name: 'North', category_type: 'Region', parent_remote_id: 't1' } } });
    expect(pulledAnalysisCategory({ id: 'c2', name: 'South' })).toMatchObject({ skipped: { remoteId: 'c2' } });
  });

  it('sends a watermark to Sage in whole seconds, rounded down', () => {
    expect(sageSince('2025-06-01T10:00:00.900Z')).toBe('2025-06-01T10:00:00Z');
    expect(sageSince('2025-06-01T12:00:00+02:00')).toBe('2025-06-01T10:00:00Z');
    expect(() => sageSince('yesterday')).toThrow(TypeError);
  });
});
