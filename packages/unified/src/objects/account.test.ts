import { describe, expect, it } from 'vitest';
import { type AccountCapabilities, checkAccount } from './account.js';

const caps: AccountCapabilities = {
  provider: 'test',
  displayName: 'Test Books',
  fields: {
    name: 'required',
    type: 'required',
    classification: 'sent',
    description: 'ignored',
    status: 'sent',
    current_balance: 'sent',
    currency: 'sent',
    account_number: 'sent',
    parent_account: 'rejected',
    company_info_id: 'stored',
  },
  types: ['Bank', 'Current Asset', 'Expense'],
  maxLength: { name: 10 },
  forbiddenNameCharacters: ':',
};

describe('checkAccount', () => {
  it('canonicalises vocabulary words and derives the classification from the type', () => {
    const { account, issues } = checkAccount({ name: 'Cash', type: 'current asset', status: 'ACTIVE' }, caps);
    expect(issues).toEqual([]);
    expect(account).toMatchObject({ type: 'Current Asset', classification: 'Asset', status: 'Active' });
  });

  it('names each missing required field, with the accepted types', () => {
    const { issues } = checkAccount({}, caps);
    expect(issues).toEqual([
      { field: 'name', code: 'required', message: 'Test Books requires name' },
      { field: 'type', code: 'required', message: 'Test Books requires type', accepted: caps.types },
    ]);
  });

  it('refuses a type outside the vocabulary or the provider, and a contradicting classification', () => {
    expect(checkAccount({ name: 'A', type: 'Sales' }, caps).issues).toEqual([
      expect.objectContaining({ field: 'type', code: 'unsupported_value', accepted: caps.types }),
    ]);
    expect(checkAccount({ name: 'A', type: 'Made Up' }, caps).issues[0]?.field).toBe('type');
    expect(checkAccount({ name: 'A', type: 'Bank', classification: 'Expense' }, caps).issues).toEqual([
      expect.objectContaining({ field: 'classification', code: 'invalid', accepted: ['Asset'] }),
    ]);
    expect(checkAccount({ name: 'A', type: 'Bank', classification: 'Assets' }, caps).issues[0]?.code).toBe('unsupported_value');
  });

  it('refuses rejected fields, too-long and forbidden values, unmapped slugs; warns for ignored ones', () => {
    const { issues, warnings } = checkAccount(
      {
        name: 'Way too long: name',
        type: 'Bank',
        parent_account: '801f9ede-c698-4e66-a7fc-48d19eebaa4f',
        description: 'kept, not sent',
        company_info_id: 'x',
        field_mappings: { slug: 1, mapped: 'x' },
      },
      caps,
      { mapped: 'TaxType' },
    );
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['parent_account', 'not_supported'],
      ['name', 'too_long'],
      ['name', 'invalid'],
      ['field_mappings.slug', 'not_supported'],
    ]);
    expect(issues.at(-1)?.accepted).toEqual(['mapped']);
    expect(warnings.map((w) => w.field)).toEqual(['description']);
  });

  it('refuses a status the provider cannot create with, naming those it can', () => {
    const activeOnly = { ...caps, statuses: ['Active'] as const };
    expect(checkAccount({ name: 'A', type: 'Bank', status: 'inactive' }, activeOnly).issues).toEqual([
      {
        field: 'status',
        code: 'unsupported_value',
        message: 'Test Books cannot create an account with status "Inactive"',
        accepted: ['Active'],
      },
    ]);
    expect(checkAccount({ name: 'A', type: 'Bank', status: 'Active' }, activeOnly).issues).toEqual([]);
  });

  it('says why a limit is what it is when the provider does', () => {
    const noted = { ...caps, maxLength: { account_number: 7 }, maxLengthNotes: { account_number: 'the limit for a company in US' } };
    expect(checkAccount({ name: 'A', type: 'Bank', account_number: '12345678' }, noted).issues).toEqual([
      {
        field: 'account_number',
        code: 'too_long',
        message: 'Test Books takes at most 7 characters in account_number (the limit for a company in US)',
      },
    ]);
  });

  it('runs the provider refinement only on an otherwise valid account', () => {
    let calls = 0;
    const refine = () => {
      calls += 1;
      return { issues: [], warnings: [{ field: 'x', code: 'not_sent' as const, message: 'm' }] };
    };
    const refined = { ...caps, refine };
    expect(checkAccount({ name: 'A', type: 'Bank' }, refined).warnings).toHaveLength(1);
    checkAccount({ type: 'Bank' }, refined);
    expect(calls).toBe(1);
  });
});
