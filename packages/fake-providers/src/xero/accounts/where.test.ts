import { describe, expect, it } from 'vitest';
import { XeroError } from '../answers.js';
import type { XeroAccount } from './types.js';
import { compileOrder, compileWhere } from './where.js';

function account(overrides: Partial<XeroAccount>): XeroAccount {
  return {
    AccountID: '66b262e2-561e-423e-8937-47d558f13442',
    Code: '400',
    Name: 'Advertising',
    Status: 'ACTIVE',
    Type: 'EXPENSE',
    TaxType: 'INPUT',
    Class: 'EXPENSE',
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: false,
    ReportingCode: 'EXP',
    ReportingCodeName: 'Expense',
    HasAttachments: false,
    UpdatedDateUTC: '/Date(1550793549320+0000)/',
    AddToWatchlist: false,
    ...overrides,
  };
}

const ACCOUNTS = [
  account({}),
  account({ AccountID: '7d05a53d-613d-4eb2-a2fc-dcb6adb80b80', Code: '200', Name: 'Sales', Type: 'REVENUE', Class: 'REVENUE' }),
  account({
    AccountID: 'ebd06280-af70-4bed-97c6-7451a454ad85',
    Code: '090',
    Name: 'Business Bank',
    Type: 'BANK',
    Class: 'ASSET',
    BankAccountNumber: '123',
    EnablePaymentsToAccount: true,
  }),
  account({ AccountID: '11111111-2222-4333-8444-555555555555', Code: '500', Name: 'Old rent', Status: 'ARCHIVED', Description: 'Rent' }),
];

function codes(where: string): string[] {
  return ACCOUNTS.filter(compileWhere(where)).map((a) => a.Code);
}

function parseMessage(where: string): string {
  try {
    compileWhere(where);
  } catch (error) {
    if (error instanceof XeroError && error.answer.payload.kind === 'exception') return error.answer.payload.message;
    throw error;
  }
  throw new Error(`${where} parsed`);
}

describe('where', () => {
  it.each([
    ['Code=="400"', ['400']],
    ['Name=="Sales"', ['200']],
    ['Type=="BANK"', ['090']],
    ['Status=="ACTIVE"', ['400', '200', '090']],
    ['Status=="ACTIVE" AND Type=="EXPENSE"', ['400']],
    ['Status == "ARCHIVED" and Code == "500"', ['500']],
    ['Type=="BANK" OR Type=="REVENUE"', ['200', '090']],
    ['Type=="BANK" || (Type=="EXPENSE" && Status=="ACTIVE")', ['400', '090']],
    ['Status!="ACTIVE"', ['500']],
    ['!(Status=="ACTIVE")', ['500']],
    ['NOT EnablePaymentsToAccount', ['400', '200', '500']],
    ['EnablePaymentsToAccount==true', ['090']],
    ['Name.Contains("Bank")', ['090']],
    ['Name.StartsWith("Old")', ['500']],
    ['Name.ToLower()=="sales"', ['200']],
    ['name=="Sales"', ['200']],
    ['Name=="sales"', []],
    ['Description==null', ['400', '200', '090']],
    ['Description!=null', ['500']],
    ['AccountID==Guid("7D05A53D-613D-4EB2-A2FC-DCB6ADB80B80")', ['200']],
    ['AccountID=="ebd06280-af70-4bed-97c6-7451a454ad85"', ['090']],
    ['Code>="400"', ['400', '500']],
    ['Name=="Say ""hi"""', []],
    ["Name=='Sales'", ['200']],
  ])('%s', (where, expected) => {
    expect(codes(where)).toEqual(expected);
  });

  it.each([
    ['Colour=="red"', "No property or field 'Colour' exists in type 'Account' (at index 0)"],
    ['Code=="400" AND', 'Expression expected (at index 15)'],
    ['Code=="400" Name', "')' or operator expected (at index 12)"],
    ['Code=="400', 'Unterminated string literal (at index 6)'],
    ['Code==400', "Operator '==' incompatible with operand types 'String' and 'Int32' (at index 4)"],
    ['Code', "Expression of type 'Boolean' expected (at index 0)"],
    ['Name.Shout()', "No applicable method 'Shout' exists in type 'String' (at index 5)"],
    ['EnablePaymentsToAccount > true', "Operator '>' incompatible with operand types 'Boolean' and 'Boolean' (at index 24)"],
    ['(Code=="400"', "')' expected (at index 12)"],
  ])('refuses %s', (where, message) => {
    expect(parseMessage(where)).toBe(message);
  });
});

describe('order', () => {
  it('sorts by one or more fields, ascending by default', () => {
    expect([...ACCOUNTS].sort(compileOrder('Code')).map((a) => a.Code)).toEqual(['090', '200', '400', '500']);
    expect([...ACCOUNTS].sort(compileOrder('Name DESC')).map((a) => a.Name)).toEqual(['Sales', 'Old rent', 'Business Bank', 'Advertising']);
    expect([...ACCOUNTS].sort(compileOrder('Type ASC, Code DESC')).map((a) => a.Code)).toEqual(['090', '500', '400', '200']);
  });

  it('refuses an unknown field', () => {
    expect(() => compileOrder('Colour')).toThrow(XeroError);
    expect(() => compileOrder('Name SIDEWAYS')).toThrow(XeroError);
  });
});
