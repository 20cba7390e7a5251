import type { AccountIssue, AccountType } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { SAGE_TYPES } from './vocabulary.js';

/** Largest nominal code Sage takes (Sage nominal codes have up to 8 digits (?)). */
export const MAX_NOMINAL_CODE = 99_999_999;

/** `account_number` as Sage's integer `nominal_code`, or undefined when it is not a whole number in range. */
export function nominalCodeOf(accountNumber: string | null | undefined): number | undefined {
  const text = accountNumber?.trim() ?? '';
  if (!/^\d+$/.test(text)) return undefined;
  const code = Number(text);
  return code >= 1 && code <= MAX_NOMINAL_CODE ? code : undefined;
}

/** "The maximum value for items_per_page is 200" (Sage's pagination guide): the page every reader asks for. */
export const SAGE_PAGE_SIZE = 200;

/** Sage Business Cloud Accounting API v3.1; facts from shared/reference/providers.md. */
export const sage = {
  slug: 'sage',
  displayName: 'Sage Business Cloud Accounting',
  baseUrl: 'https://api.accounting.sage.com',
  tokenUrl: 'https://oauth.accounting.sage.com/token',
  tenant: { placement: 'header', name: 'X-Business', description: 'the Sage business id (32 hex characters)' },
  // Per business, the lower of the known figures (Sage's v3.1 pages are silent; NOTES.md): 100 a minute
  // (v3.0 said 200 in any 60 s), 2,500 a day.
  rateLimits: {
    windows: [
      { limit: 100, periodMs: 60_000 },
      { limit: 2_500, periodMs: 86_400_000 },
    ],
  },
  // Sage's 429 carries no Retry-After: wait out a whole window.
  throttleWaitMs: 60_000,
  // `idempotency_id` in the `ledger_account` body, 32 hex digits, honoured 7 days (NOTES.md); derived from the
  // push's key in idempotency.ts. `find` in accounts.ts still looks up before a re-send: a retry round has a new id.
  idempotency: { kind: 'body', name: 'idempotency_id', maxLength: 32 },
  requestTimeoutMs: 30_000,
  // Sage's guide and official sample send client_id/client_secret as form fields; Basic is not documented (NOTES.md).
  oauthClientAuth: 'body',
  // `postLedgerAccounts.ledger_account` attributes a connection may fill from `field_mappings`;
  // `display_name` overrides the default (the account's name).
  mappableFields: [
    'display_name',
    'ledger_account_classification_id',
    'tax_rate_id',
    'fixed_tax_rate',
    'visible_in_banking',
    'visible_in_expenses',
    'visible_in_journals',
    'visible_in_other_payments',
    'visible_in_other_receipts',
    'visible_in_reporting',
    'visible_in_sales',
    'cis_materials',
    'cis_labour',
    'gifi_code',
  ],
  // What a pull reads (NOTES.md, "Reading the books"): every list pages 200 at a time.
  pulls: {
    // Two requests (the business, its financial settings), neither with a modified-since filter: read whole each time.
    companyinfo: { pageSize: 1, changes: 'none', removal: [] },
    // `updated_or_created_since`; no deletion to tell (a ledger account cannot be deleted), hiding one is an update.
    account: { pageSize: SAGE_PAGE_SIZE, changes: 'feed', removal: ['archived'] },
    // `updated_or_created_since`, no `deleted_since`: a deleted rate (US only) is found by a full read.
    taxrate: { pageSize: SAGE_PAGE_SIZE, changes: 'modified-since', removal: ['deleted'] },
    // Analysis types (deactivated: archived) and categories (deleted: found by a full read).
    trackingcategory: { pageSize: SAGE_PAGE_SIZE, changes: 'modified-since', removal: ['deleted', 'archived'] },
  },
  // What this provider does per object and direction (the registry and /meta read it).
  objects: {
    account: {
      push: {
        provider: 'sage',
        displayName: 'Sage Business Cloud Accounting',
        fields: {
          name: 'required',
          type: 'required',
          account_number: 'required',
          // Sage derives the group from the type.
          classification: 'sent',
          // Sage has no sub-accounts: a parent would be lost.
          parent_account: 'rejected',
          // No place for these on a Sage ledger account (no description, no active flag, no balance, no currency).
          description: 'ignored',
          status: 'ignored',
          current_balance: 'ignored',
          currency: 'ignored',
          company_info_id: 'stored',
        },
        types: Object.keys(SAGE_TYPES) as AccountType[],
        // Sent as both `name` and `display_name` (?).
        maxLength: { name: 100 },
        refine(account) {
          const issues: AccountIssue[] = [];
          if (nominalCodeOf(account.account_number) === undefined) {
            issues.push({
              field: 'account_number',
              code: 'invalid',
              message: `Sage Business Cloud Accounting takes a whole-number nominal code from 1 to ${MAX_NOMINAL_CODE} as account_number, not "${account.account_number ?? ''}"`,
            });
          }
          return { issues, warnings: [] };
        },
      },
    },
  },
} satisfies ProviderDescriptor;
