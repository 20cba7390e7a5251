import type { AccountIssue, AccountWarning, NormalizedAccount } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { toXeroType, XERO_UNIFIED_TYPES } from './vocabulary.js';

/** The page size of a list without pages (Accounts, TaxRates, ...): every record comes in the one answer. */
const WHOLE_LIST = Number.MAX_SAFE_INTEGER;

// Xero refuses any other character in an account Code ("Account Code must only contain letters and numbers.").
const ACCOUNT_CODE = /^[A-Za-z0-9]+$/;

/** True when the unified type is created as a Xero BANK account (Bank, Credit Card). */
export function isXeroBankAccount(account: Pick<NormalizedAccount, 'type'>): boolean {
  return account.type != null && toXeroType(account.type)?.Type === 'BANK';
}

/**
 * Xero's rules that depend on the account's type (providers.md): a BANK account takes no
 * Description and needs a BankAccountNumber; only a BANK account takes a CurrencyCode.
 *
 * The unified body has no bank account number: it comes from `field_mappings`, under a slug the
 * connection maps to `BankAccountNumber`. The intake rejects unmapped slugs before this runs, but
 * does not tell this function which provider field each slug goes to; so a bank account with no
 * `field_mappings` at all is a certain 422 here, and one whose mappings do not provide the number
 * is refused by accounts.ts before anything is sent (a ProviderRejected that names the fix).
 */
function refineXeroAccount(account: NormalizedAccount): { issues: AccountIssue[]; warnings: AccountWarning[] } {
  const issues: AccountIssue[] = [];
  const warnings: AccountWarning[] = [];
  if (account.account_number && !ACCOUNT_CODE.test(account.account_number)) {
    issues.push({
      field: 'account_number',
      code: 'invalid',
      message: 'Xero takes only letters and digits in an account code (account_number)',
    });
  }
  const bank = isXeroBankAccount(account);
  if (bank && Object.keys(account.field_mappings ?? {}).length === 0) {
    issues.push({
      field: 'field_mappings',
      code: 'required',
      message: `Xero needs a bank account number on a ${account.type} account: send it in field_mappings under a slug this connection maps to BankAccountNumber`,
    });
  }
  if (bank && account.description != null) {
    warnings.push({ field: 'description', code: 'not_sent', message: 'Xero refuses a description on a bank account: stored, not sent' });
  }
  if (!bank && account.currency != null) {
    warnings.push({ field: 'currency', code: 'not_sent', message: 'Xero takes a currency only on a bank account: stored, not sent' });
  }
  if (bank && account.status === 'Inactive') {
    // An Inactive account is created, then archived by an update (accounts.ts), which Xero refuses
    // on a bank account (NOTES.md, "Status on create"): refused here rather than created ACTIVE.
    issues.push({
      field: 'status',
      code: 'unsupported_value',
      message: `Xero cannot archive a bank account through its API: send a ${account.type} account Active, and archive it in Xero`,
      accepted: ['Active'],
    });
  }
  return { issues, warnings };
}

/** Xero Accounting API (api.xro/2.0); facts from shared/reference/providers.md and Xero's OpenAPI document. */
export const xero = {
  slug: 'xero',
  displayName: 'Xero',
  baseUrl: 'https://api.xero.com',
  tokenUrl: 'https://identity.xero.com/connect/token',
  tenant: {
    placement: 'header',
    name: 'xero-tenant-id',
    description: 'the Xero organisation (tenant) id, a GUID listed by GET https://api.xero.com/connections',
  },
  // Per tenant: 60 a minute and 5,000 a day in fixed windows, 5 in flight.
  rateLimits: {
    windows: [
      { limit: 60, periodMs: 60_000 },
      { limit: 5_000, periodMs: 86_400_000 },
    ],
    concurrency: 5,
  },
  // Xero's minute and day 429s say how long to wait (Retry-After); the concurrency limit's does
  // not, and frees up as soon as another request of the tenant ends. (The app minute limit's does
  // not either: client.ts waits a minute for it, see NOTES.md.)
  throttleWaitMs: 5_000,
  // Xero remembers a key for 6 minutes, per app (NOTES.md): `find` in accounts.ts covers a retry
  // that comes later, and a retry round sends a key of its own.
  idempotency: { kind: 'header', name: 'Idempotency-Key', maxLength: 128 },
  requestTimeoutMs: 30_000,
  oauthClientAuth: 'basic',
  // Writable Account fields with no unified counterpart. BankAccountNumber is how a Bank or
  // Credit Card account gets the number Xero requires on it.
  mappableFields: [
    'BankAccountNumber',
    'BankAccountType',
    'TaxType',
    'EnablePaymentsToAccount',
    'ShowInExpenseClaims',
    'ReportingCode',
    'AddToWatchlist',
  ],
  // What this provider does per object and direction (the registry and /meta read it).
  objects: {
    account: {
      push: {
        provider: 'xero',
        displayName: 'Xero',
        fields: {
          name: 'required',
          // Xero's Code: required, unique, ≤10 letters and digits.
          account_number: 'required',
          type: 'required',
          // Derived by Xero from the Type (read-only Class); checked against the type by the intake.
          classification: 'sent',
          description: 'sent',
          status: 'sent',
          // Xero keeps no balance on an Account (balances come from journals).
          current_balance: 'ignored',
          currency: 'sent',
          // Xero has no sub-accounts.
          parent_account: 'rejected',
          company_info_id: 'stored',
        },
        types: XERO_UNIFIED_TYPES,
        maxLength: { name: 150, description: 4000, account_number: 10 },
        refine: refineXeroAccount,
      },
    },
  },
  // What a pull reads (NOTES.md, "Pulling"): none of these lists has pages. Only getAccounts takes
  // If-Modified-Since (which does not tell deletions); the others are full pulls the pipeline diffs.
  pulls: {
    companyinfo: { pageSize: WHOLE_LIST, changes: 'none', removal: [] },
    account: { pageSize: WHOLE_LIST, changes: 'modified-since', removal: ['archived', 'deleted'] },
    taxrate: { pageSize: WHOLE_LIST, changes: 'none', removal: ['archived', 'deleted'] },
    trackingcategory: { pageSize: WHOLE_LIST, changes: 'none', removal: ['archived', 'deleted'] },
  },
} satisfies ProviderDescriptor;
