import type { AccountIssue, AccountWarning, NormalizedAccount } from '@ledgersync/unified';
import { ACCOUNT_TYPE_NAMES } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { CLASS_NAMES, chartEntry, PENNYLANE_NUMBER } from './vocabulary.js';

/**
 * What Pennylane creates beside a ledger account whose number starts with one of these prefixes
 * ("If the number starts with 401 (supplier) or 411 (customer) a corresponding supplier or company
 * customer will also be created": reference, Create a ledger account).
 */
const THIRD_PARTY_PREFIXES: Readonly<Record<string, string>> = { '401': 'a supplier', '411': 'a company customer' };

/** The warning for a number Pennylane also makes a third party of, if it is one. */
function thirdPartyWarning(number: string): AccountWarning | undefined {
  const prefix = Object.keys(THIRD_PARTY_PREFIXES).find((p) => number.startsWith(p));
  if (!prefix) return undefined;
  return {
    field: 'account_number',
    code: 'side_effect',
    message: `Pennylane also creates ${THIRD_PARTY_PREFIXES[prefix]} for a ledger account numbered ${prefix}…: pushing ${number} adds one to the company`,
  };
}

/** The warning when the number's class disagrees with the type or classification asked for. */
function classWarning(account: NormalizedAccount, number: string): AccountWarning | undefined {
  const classification = account.classification;
  const entry = chartEntry(number);
  if (!classification || !entry || entry.classifications.includes(classification)) return undefined;
  const digit = number.charAt(0);
  const requested = account.type ? `type "${account.type}" (${classification})` : `classification ${classification}`;
  // Pennylane files the account by its number whatever the type says: warn, the caller decides.
  return {
    field: account.type ? 'type' : 'classification',
    code: 'not_sent',
    message: `Pennylane classes account ${number} by its number (class ${digit}: ${CLASS_NAMES[digit]}, ${entry.classifications.join(' or ')}), not as ${requested}`,
  };
}

/**
 * The intake's checks that depend on the account number: digits of the French chart, a class that
 * agrees with the type, and what Pennylane creates beside the account.
 */
function refine(account: NormalizedAccount): { issues: AccountIssue[]; warnings: AccountWarning[] } {
  const number = account.account_number;
  if (!number) return { issues: [], warnings: [] };
  if (!PENNYLANE_NUMBER.test(number)) {
    return {
      issues: [
        {
          field: 'account_number',
          code: 'invalid',
          message: 'Pennylane takes a French chart of accounts number: digits only, starting with its class 1 to 9 (e.g. 512100)',
        },
      ],
      warnings: [],
    };
  }
  const warnings = [classWarning(account, number), thirdPartyWarning(number)].filter((w): w is AccountWarning => w !== undefined);
  return { issues: [], warnings };
}

/** Pennylane Company API v2; facts from shared/reference/providers.md and Pennylane's API documentation. */
export const pennylane = {
  slug: 'pennylane',
  displayName: 'Pennylane',
  baseUrl: 'https://app.pennylane.com',
  tokenUrl: 'https://app.pennylane.com/oauth/token',
  tenant: {
    placement: 'token',
    name: 'company_id',
    description: 'the Pennylane company id; the access token implies the company (one token per company), so requests never name it',
  },
  // Documented per token; a connection holds one token at a time, so per connection.
  rateLimits: { windows: [{ limit: 25, periodMs: 5_000 }] },
  // Pennylane's 429 carries retry-after; without it, a whole window is the longest wait.
  throttleWaitMs: 5_000,
  idempotency: { kind: 'none' },
  requestTimeoutMs: 30_000,
  // Pennylane's OAuth guide sends client_id and client_secret as form fields.
  oauthClientAuth: 'body',
  mappableFields: ['vat_rate', 'country_alpha2'],
  // What it reads of the customer's books (NOTES.md, "Reading the books"): 100 a page, the most
  // Pennylane's cursor lists give. No list it reads has a modified-since filter: every pull is
  // full, diffed by the pipeline. Pennylane lists no VAT rates (vat_rate is a code): no taxrate.
  pulls: {
    companyinfo: { pageSize: 1, changes: 'none', removal: [] },
    account: { pageSize: 100, changes: 'none', removal: ['deleted', 'archived'] },
    trackingcategory: { pageSize: 100, changes: 'none', removal: ['deleted'] },
  },
  // What this provider does per object and direction (the registry and /meta read it).
  objects: {
    account: {
      push: {
        provider: 'pennylane',
        displayName: 'Pennylane',
        fields: {
          name: 'required',
          account_number: 'required',
          // The hierarchy is the number's prefix (512100 sits under 512): a parent cannot be sent.
          parent_account: 'rejected',
          // Pennylane derives the class from the number; the type is checked against it in refine.
          type: 'ignored',
          classification: 'ignored',
          description: 'ignored',
          currency: 'ignored',
          current_balance: 'ignored',
          // `enabled` is read-only on create: a new account is always enabled.
          status: 'ignored',
          company_info_id: 'stored',
        },
        // Any type is accepted: it is not sent, only compared with the number's class.
        types: ACCOUNT_TYPE_NAMES,
        maxLength: {},
        refine,
      },
    },
  },
} satisfies ProviderDescriptor;
