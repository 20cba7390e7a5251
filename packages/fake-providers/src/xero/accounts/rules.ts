import { accountTypeInfo, defaultReporting } from './account-types.js';
import type { AccountInput } from './body.js';
import { MESSAGES } from './messages.js';
import { msDate } from '../render.js';
import type { AccountStore } from './store.js';
import type { XeroAccount } from './types.js';

const MAX_CODE = 10;
const MAX_DESCRIPTION = 4000;
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * Xero's rules for a new account beyond the schema (providers.md): Code required, ≤10 chars,
 * alphanumeric and unique; Name required and unique (case-insensitively); Type required;
 * BankAccountNumber required and Description refused on BANK; CurrencyCode on BANK only; no
 * Status but ACTIVE (archiving is an update). Returns every broken rule's message, as Xero lists
 * them all on the element.
 */
export function checkAccount(input: AccountInput, tenant: AccountStore): string[] {
  const messages: string[] = [];
  if (!present(input.Code)) messages.push(MESSAGES.codeRequired);
  else messages.push(...checkCode(input.Code, tenant));
  if (!present(input.Name)) messages.push(MESSAGES.nameRequired);
  else messages.push(...checkName(input.Name, tenant));
  if (input.Type === undefined) messages.push(MESSAGES.typeRequired);
  const bank = input.Type === 'BANK';
  if (bank && !present(input.BankAccountNumber)) messages.push(MESSAGES.bankAccountNumberRequired);
  if (bank && input.Description !== undefined) messages.push(MESSAGES.descriptionOnBank);
  if (input.Description !== undefined && input.Description.length > MAX_DESCRIPTION)
    messages.push(MESSAGES.tooLong('Description', MAX_DESCRIPTION));
  if (!bank && input.Type !== undefined && input.CurrencyCode !== undefined) messages.push(MESSAGES.currencyCodeNotBank);
  if (input.Status !== undefined && input.Status !== 'ACTIVE') messages.push(MESSAGES.statusOnCreate);
  return messages;
}

/** A Code's rules (≤10 letters and digits, unique); `self`, an account being updated, may keep its own. */
export function checkCode(value: string, tenant: AccountStore, self?: string): string[] {
  const code = value.trim();
  if (code === '') return [MESSAGES.codeRequired];
  const messages: string[] = [];
  if (code.length > MAX_CODE) messages.push(MESSAGES.codeTooLong);
  else if (!ALPHANUMERIC.test(code)) messages.push(MESSAGES.codeNotAlphanumeric);
  const holder = tenant.holder('code', code);
  if (holder !== undefined && holder !== self) messages.push(MESSAGES.codeNotUnique);
  return messages;
}

/** A Name's rules (present, unique case-insensitively); `self` may keep its own. */
export function checkName(value: string, tenant: AccountStore, self?: string): string[] {
  if (value.trim() === '') return [MESSAGES.nameRequired];
  const holder = tenant.holder('name', value);
  return holder !== undefined && holder !== self ? [MESSAGES.nameNotUnique] : [];
}

/** The account Xero stores for input that passed {@link checkAccount}. */
export function buildAccount(input: AccountInput, accountId: string, now: number, baseCurrency: string): XeroAccount {
  const type = input.Type ?? 'EXPENSE';
  const info = accountTypeInfo(type) ?? { class: 'EXPENSE', taxType: 'NONE' };
  const reporting = defaultReporting(info.class);
  const bank = type === 'BANK';
  return {
    AccountID: accountId,
    Code: (input.Code ?? '').trim(),
    Name: (input.Name ?? '').trim(),
    Status: 'ACTIVE',
    Type: type,
    TaxType: input.TaxType ?? info.taxType,
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    Class: info.class,
    EnablePaymentsToAccount: input.EnablePaymentsToAccount ?? false,
    ShowInExpenseClaims: input.ShowInExpenseClaims ?? false,
    // Bank details only mean something on a BANK account; Xero keeps them off the others.
    ...(bank
      ? {
          BankAccountNumber: (input.BankAccountNumber ?? '').trim(),
          BankAccountType: input.BankAccountType || 'BANK',
          CurrencyCode: input.CurrencyCode ?? baseCurrency,
        }
      : {}),
    ReportingCode: input.ReportingCode ?? reporting.code,
    ReportingCodeName: reporting.name,
    HasAttachments: false,
    UpdatedDateUTC: msDate(now, true),
    AddToWatchlist: input.AddToWatchlist ?? false,
  };
}
