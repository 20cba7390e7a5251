import type { AccountType } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { ZOHO_TYPES } from './vocabulary.js';

/** Zoho Books API v3; facts from shared/reference/providers.md and Zoho's Chart of Accounts OpenAPI document. */
export const zohobooks = {
  slug: 'zohobooks',
  displayName: 'Zoho Books',
  // The US data centre. A connection's base URL follows the customer's data centre: the
  // `api_domain` Zoho's token endpoint answers (https://www.zohoapis.eu, .in, .com.au, ...).
  baseUrl: 'https://www.zohoapis.com',
  // Likewise per data centre (accounts.zoho.eu, ...): the connection's token URL wins.
  tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
  tenant: {
    placement: 'query',
    name: 'organization_id',
    description: 'the Zoho Books organization id, a number listed by GET /books/v3/organizations',
  },
  // 100 a minute per organisation. The daily cap depends on the plan (1,000 on Free up to 10,000)
  // and the in-flight cap too (5 on Free, 10 paid): a connection sets those it knows.
  rateLimits: { windows: [{ limit: 100, periodMs: 60_000 }] },
  // Zoho's 429 carries no Retry-After; its per-minute window is the one to wait out.
  throttleWaitMs: 60_000,
  // Zoho takes no idempotency key: a create re-sent after a lost answer is found first (accounts.ts, `find`).
  idempotency: { kind: 'none' },
  requestTimeoutMs: 30_000,
  oauthClientAuth: 'body',
  // Writable create fields with no unified counterpart. currency_id is how a currency reaches
  // Zoho: it wants its own currency id (GET /settings/currencies), not an ISO code.
  mappableFields: ['currency_id', 'custom_fields', 'include_in_vat_return', 'show_on_dashboard', 'can_show_in_ze'],
  // What it reads of the customer's books (NOTES.md, "Reading the books"): 200 a page, Zoho's
  // most; only the chart has a modified-since filter, the rest are full pulls the pipeline diffs.
  pulls: {
    companyinfo: { pageSize: 1, changes: 'none', removal: [] },
    account: { pageSize: 200, changes: 'modified-since', removal: ['deleted', 'archived'] },
    taxrate: { pageSize: 200, changes: 'none', removal: ['deleted'] },
    trackingcategory: { pageSize: 200, changes: 'none', removal: ['deleted', 'archived'] },
  },
  // What this provider does per object and direction (the registry and /meta read it).
  objects: {
    account: {
      push: {
        provider: 'zohobooks',
        displayName: 'Zoho Books',
        fields: {
          name: 'required',
          type: 'required',
          // Derived by Zoho from account_type; checked against the type by the intake.
          classification: 'sent',
          description: 'sent',
          // Create takes no active flag: every account starts active (marking one inactive is a
          // separate call), so Inactive cannot be honoured on create.
          status: 'ignored',
          // No opening balance on a Zoho account: balances come from transactions.
          current_balance: 'ignored',
          // Zoho wants its own currency_id, not an ISO code: map a field_mappings slug to currency_id.
          currency: 'ignored',
          account_number: 'sent',
          parent_account: 'sent',
          company_info_id: 'stored',
        },
        types: Object.keys(ZOHO_TYPES) as AccountType[],
        maxLength: {},
      },
    },
  },
} satisfies ProviderDescriptor;
