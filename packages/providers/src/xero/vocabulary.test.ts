import { readFileSync } from 'node:fs';
import { ACCOUNT_TYPE_NAMES, ACCOUNT_TYPES } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import {
  FROM_XERO_TYPES,
  fromXeroClass,
  fromXeroStatus,
  fromXeroType,
  toXeroType,
  XERO_ACCOUNT_TYPES,
  XERO_STATUSES,
  XERO_UNIFIED_TYPES,
} from './vocabulary.js';

// The copy of Xero's OpenAPI document the Xero fake validates against.
const SPEC = new URL('../../../fake-providers/spec/xero_accounting.yaml', import.meta.url);

function specEnum(schema: string): string[] {
  const text = readFileSync(SPEC, 'utf8');
  const block = new RegExp(`\\n    ${schema}:\\n(?: {6}.*\\n)*? {6}enum:\\n((?: {8}- .*\\n)+)`).exec(text)?.[1];
  if (!block) throw new Error(`no ${schema} enum in the spec`);
  return block.split('\n').flatMap((line) => (line.trim() ? [line.trim().slice(2)] : []));
}

describe('Xero vocabulary', () => {
  it("knows exactly the AccountType values of Xero's OpenAPI document, both ways", () => {
    expect([...XERO_ACCOUNT_TYPES].sort()).toEqual(specEnum('AccountType').sort());
    expect(Object.keys(FROM_XERO_TYPES).sort()).toEqual([...XERO_ACCOUNT_TYPES].sort());
  });

  it('maps every unified type but the two Xero keeps as system accounts', () => {
    expect(ACCOUNT_TYPE_NAMES.filter((type) => !toXeroType(type))).toEqual(['Accounts Receivable', 'Accounts Payable']);
    expect(XERO_UNIFIED_TYPES).toHaveLength(18);
  });

  it('reads back every mapped type as itself, except Other Expense, which Xero only knows as EXPENSE', () => {
    for (const type of XERO_UNIFIED_TYPES) {
      const mapping = toXeroType(type);
      if (!mapping) throw new Error(type);
      const back = fromXeroType(mapping.Type, mapping.BankAccountType);
      expect(back, type).toBe(type === 'Other Expense' ? 'Expense' : type);
      // Same classification both ways, but for the credit card Xero keeps as a (BANK, ASSET) account.
      if (type !== 'Credit Card') expect(ACCOUNT_TYPES[back as keyof typeof ACCOUNT_TYPES], type).toBe(ACCOUNT_TYPES[type]);
    }
  });

  it('reads the Types that have no unified word of their own as the nearest one', () => {
    expect(fromXeroType('LIABILITY')).toBe('Current Liability');
    expect(fromXeroType('PAYG')).toBe('Current Liability');
    expect(fromXeroType('BANK', 'PAYPAL')).toBe('Bank');
    expect(fromXeroType('CRYPTO')).toBeUndefined();
    expect(fromXeroType('toString')).toBeUndefined();
  });

  it('reads Class as the classification and Status both ways', () => {
    expect(['ASSET', 'EQUITY', 'EXPENSE', 'LIABILITY', 'REVENUE'].map(fromXeroClass)).toEqual([
      'Asset',
      'Equity',
      'Expense',
      'Liability',
      'Revenue',
    ]);
    expect(fromXeroClass('asset')).toBeUndefined();
    expect(XERO_STATUSES).toEqual({ Active: 'ACTIVE', Inactive: 'ARCHIVED' });
    expect(['ACTIVE', 'ARCHIVED', 'DELETED'].map(fromXeroStatus)).toEqual(['Active', 'Inactive', undefined]);
  });
});
