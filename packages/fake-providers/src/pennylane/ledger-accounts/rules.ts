import type { LedgerAccountInput } from './body.js';
import { MESSAGES } from '../messages.js';
import type { LedgerAccountStore } from './store.js';
import type { PennylaneLedgerAccount } from './types.js';

/** The rules a new ledger account must pass, from the fake's settings. */
export interface LedgerRules {
  vatRates: ReadonlySet<string>;
  uniqueBy: 'number' | 'number-and-vat-rate';
  defaultCountry: string;
  timestamps: boolean;
}

const DIGITS = /^\d+$/;
const COUNTRY = /^[A-Z]{2}$/;
const DEFAULT_VAT_RATE = 'any';

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** What makes the account unique in its company under the `uniqueBy` setting. */
export function uniquenessKey(number: string, vatRate: string, uniqueBy: LedgerRules['uniqueBy']): string {
  return uniqueBy === 'number' ? number : `${number}\u0000${vatRate}`;
}

/**
 * Every broken rule's message, in attribute order, as Rails lists `full_messages`: number and
 * label present, the number digits only (the French chart: its first digit is the account class,
 * never 0), `vat_rate` and `country_alpha2` from their lists, the number unused in the company.
 */
export function checkLedgerAccount(input: LedgerAccountInput, company: LedgerAccountStore, rules: LedgerRules): string[] {
  const messages: string[] = [];
  const number = input.number;
  if (blank(number)) messages.push(MESSAGES.blank('Number'));
  else if (!DIGITS.test(number ?? '')) messages.push(MESSAGES.numberNotDigits);
  else if (number?.startsWith('0')) messages.push(MESSAGES.numberClass);
  else if (company.taken('number', uniquenessKey(number ?? '', input.vat_rate ?? DEFAULT_VAT_RATE, rules.uniqueBy))) messages.push(MESSAGES.taken);
  if (blank(input.label)) messages.push(MESSAGES.blank('Label'));
  if (input.vat_rate !== undefined && !rules.vatRates.has(input.vat_rate)) messages.push(MESSAGES.notInList('Vat rate'));
  if (input.country_alpha2 !== undefined && !COUNTRY.test(input.country_alpha2)) messages.push(MESSAGES.notInList('Country alpha2'));
  return messages;
}

/** The account Pennylane stores for input that passed {@link checkLedgerAccount}. */
export function buildLedgerAccount(input: LedgerAccountInput, id: number, now: number, rules: LedgerRules): PennylaneLedgerAccount {
  const at = new Date(now).toISOString();
  return {
    id,
    number: input.number ?? '',
    label: (input.label ?? '').trim(),
    vat_rate: input.vat_rate ?? DEFAULT_VAT_RATE,
    country_alpha2: input.country_alpha2 ?? rules.defaultCountry,
    enabled: true,
    ...(rules.timestamps ? { created_at: at, updated_at: at } : {}),
  };
}
