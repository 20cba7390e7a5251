import { chartAccount } from '../books/chart.js';
import type { TaxRegime } from '../books/regimes.js';
import type { AccountStore } from './store.js';

// Types a seeded chart cycles through, each with the tax its chart line would take.
const SEEDED_TYPES = [
  { type: 'OVERHEADS', tax: 'purchases' },
  { type: 'EXPENSE', tax: 'purchases' },
  { type: 'REVENUE', tax: 'sales' },
  { type: 'CURRENT', tax: 'none' },
  { type: 'CURRLIAB', tax: 'none' },
  { type: 'FIXED', tax: 'purchases' },
  { type: 'DIRECTCOSTS', tax: 'purchases' },
  { type: 'EQUITY', tax: 'none' },
] as const;

function code(n: number): string {
  return `N${String(n).padStart(7, '0')}`;
}

/**
 * Adds `count` accounts to the tenant's chart as if someone had made them in Xero (not through the
 * API): codes `N0000001`, `N0000002`, ... after those already seeded, distinct names, made at `at`.
 * Cheap enough for 100,000: no request, one insert each.
 */
export function seedAccounts(store: AccountStore, count: number, at: number, regime: TaxRegime, currency: string): void {
  let next = 1;
  while (store.taken('code', code(next))) next++;
  for (let i = 0; i < count; i++, next++) {
    const kind = SEEDED_TYPES[next % SEEDED_TYPES.length] ?? SEEDED_TYPES[0];
    const account = chartAccount(
      { code: code(next), name: `Seeded account ${next}`, type: kind.type, taxType: regime[kind.tax] },
      at,
      currency,
    );
    store.insert(account.AccountID, account);
  }
}
