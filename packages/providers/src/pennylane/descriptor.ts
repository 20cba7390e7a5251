import type { AccountIssue, AccountWarning, NormalizedAccount } from '@ledgersync/unified';
import { ACCOUNT_TYPE_NAMES } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { CLASS_NAMES, chartEntry, PENNYLANE_NUMBER } from './vocabulary.js';

/** The intake's checks that depend on the account number: digits of the French chart, and a class that agrees with the type. */
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
  const classification = account.classification;
  const entry = chartEntry(number);
  if (!classification || !entry || entry.classifications.includes(classification)) return { issues: [], warnings: [] };
  const digit = number.charAt(0);
  const requested = account.type ? `type "${account.type}" (${classification})` : `classification ${classification}`;
  // Pennylane files the account by its number whatever the type says: warn, the caller decides.
  return {
    issues: [],
    warnings: [
      {
        field: account.type ? 'type' : 'classification',
        code: 'not_sent',
        message: `Pennylane classes account ${number} by its number (class ${digit}: ${CLASS_NAMES[digit]}, ${entry.classifications.join(' or ')}), not as ${requested}`,
      },
    ],
  };
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
