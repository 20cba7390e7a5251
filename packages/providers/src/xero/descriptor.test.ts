import { type AccountInput, checkAccount, EXAMPLE_NORMALIZED_ACCOUNT } from '@ledgersync/unified';
import { describe, expect, it } from 'vitest';
import { xero } from './descriptor.js';

// Panora's example without its classification (derived from the type), as a client sends it.
const { classification: _derived, ...SEED } = EXAMPLE_NORMALIZED_ACCOUNT;

const check = (input: AccountInput) => checkAccount(input, xero.objects.account.push);
const fields = (list: { field: string }[]) => list.map((entry) => entry.field);

describe('what a Xero connection takes at intake', () => {
  it('takes the seed account, warning that the balance and the currency are stored, not sent', () => {
    const { account, issues, warnings } = check(SEED);
    expect(issues).toEqual([]);
    expect(account).toMatchObject({ type: 'Current Asset', classification: 'Asset', status: 'Active' });
    expect(warnings).toEqual([
      { field: 'current_balance', code: 'not_sent', message: 'Xero has no place for current_balance: stored, not sent' },
      { field: 'currency', code: 'not_sent', message: 'Xero takes a currency only on a bank account: stored, not sent' },
    ]);
  });

  it('requires name, account_number and type', () => {
    const { issues } = check({ description: 'x' });
    expect(issues.map((issue) => [issue.field, issue.code])).toEqual([
      ['name', 'required'],
      ['account_number', 'required'],
      ['type', 'required'],
    ]);
  });

  it('refuses a Code Xero would refuse: over 10 characters, or not letters and digits', () => {
    expect(check({ ...SEED, account_number: 'ABCDE12345' }).issues).toEqual([]);
    expect(check({ ...SEED, account_number: 'ABCDE123456' }).issues).toMatchObject([{ field: 'account_number', code: 'too_long' }]);
    expect(check({ ...SEED, account_number: '10-00' }).issues).toEqual([
      { field: 'account_number', code: 'invalid', message: 'Xero takes only letters and digits in an account code (account_number)' },
    ]);
  });

  it('refuses a name over 150 characters, a parent account, and the types Xero keeps as system accounts', () => {
    expect(check({ ...SEED, name: 'n'.repeat(150) }).issues).toEqual([]);
    expect(fields(check({ ...SEED, name: 'n'.repeat(151) }).issues)).toEqual(['name']);
    expect(check({ ...SEED, parent_account: '0b9c7c5e-3f0a-4b8e-9d3c-2a1b0c9d8e7f' }).issues).toMatchObject([
      { field: 'parent_account', code: 'not_supported' },
    ]);
    const receivable = check({ ...SEED, type: 'Accounts Receivable' }).issues;
    expect(receivable).toMatchObject([{ field: 'type', code: 'unsupported_value' }]);
    expect(receivable[0]?.accepted).not.toContain('Accounts Payable');
    expect(receivable[0]?.accepted).toContain('Credit Card');
  });

  it('on a bank account: sends the currency, warns the description is not sent, and needs a bank account number', () => {
    const bank = { ...SEED, type: 'Bank', currency: 'EUR' };
    // No field_mappings: nothing can carry the BankAccountNumber Xero requires.
    expect(check(bank).issues).toEqual([
      {
        field: 'field_mappings',
        code: 'required',
        message:
          'Xero needs a bank account number on a Bank account: send it in field_mappings under a slug this connection maps to BankAccountNumber',
      },
    ]);
    const mapped = checkAccount({ ...bank, field_mappings: { bank_number: '0209087654321050' } }, xero.objects.account.push, {
      bank_number: 'BankAccountNumber',
    });
    expect(mapped.issues).toEqual([]);
    expect(fields(mapped.warnings)).toEqual(['current_balance', 'description']);
    expect(mapped.warnings[1]?.message).toBe('Xero refuses a description on a bank account: stored, not sent');
  });

  it('takes an Inactive account (archived after its create), but not an Inactive bank account, which Xero cannot archive', () => {
    const { issues, warnings } = check({ ...SEED, currency: null, current_balance: null, status: 'inactive' });
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
    const bank = check({ ...SEED, type: 'Bank', currency: null, current_balance: null, description: null, status: 'Inactive' });
    expect(bank.issues).toContainEqual({
      field: 'status',
      code: 'unsupported_value',
      message: 'Xero cannot archive a bank account through its API: send a Bank account Active, and archive it in Xero',
      accepted: ['Active'],
    });
  });
});
