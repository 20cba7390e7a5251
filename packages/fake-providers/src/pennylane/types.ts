import type { ProviderFake } from '../shared/types.js';
import type { PennylaneCategory, PennylaneCategoryGroup } from './categories/index.js';
import type { SeedLedgerAccount } from './ledger-accounts/index.js';
import type { PennylaneThirdParty } from './ledger-accounts/third-parties.js';
import type { PennylaneCompanySettings } from './me/index.js';
import type { PennylaneLedgerAccount } from './ledger-accounts/types.js';

export type { PennylaneThirdParty } from './ledger-accounts/third-parties.js';
export type { PennylaneLedgerAccount } from './ledger-accounts/types.js';

/** Options of {@link createPennylaneFake}; every limit and rule not confirmed by Pennylane is a setting, Pennylane's value the default. */
export interface PennylaneFakeOptions {
  /**
   * Ids this fake hands out start after this number (default: from the start of its sequence).
   * The sandbox passes its start time, so that a restarted API, whose fakes start empty, never
   * hands out again an id that records of the same connection already hold.
   */
  idsAfter?: number;
  /** Signs tokens and derives the client secret; every process holding it accepts the same tokens. */
  secret: string;
  /** Clock in epoch milliseconds; inject one to move time in tests. Defaults to `Date.now`. */
  now?: () => number;
  /** OAuth client id the token endpoint expects. Defaults to `ledgersync-sandbox`. */
  clientId?: string;
  /** Requests allowed in one window (Pennylane: 25). */
  requestsPerWindow?: number;
  /** The window's length (Pennylane: 5 seconds). */
  windowMs?: number;
  /**
   * What one window counts. Pennylane documents the limit "at the token level" (each generated
   * token has its own budget, the default); `company` counts every token of a company together.
   */
  limitPer?: 'token' | 'company';
  /** Access token lifetime (Pennylane: 24 hours). */
  accessTtlSeconds?: number;
  /** Refresh token lifetime (Pennylane: 90 days). */
  refreshTtlSeconds?: number;
  /**
   * Scopes every company grants unless {@link PennylaneFake.grantScopes} says otherwise. Creating a
   * ledger account needs `ledger_accounts:all`; reading also accepts `ledger_accounts:readonly`;
   * the analytical categories take `categories:readonly` or `categories:all`. The retired `ledger`
   * scope opens nothing (Pennylane's 2026 API changes). Defaults to
   * `['ledger_accounts:all', 'categories:readonly']`.
   */
  scopes?: readonly string[];
  /**
   * What makes a ledger account unique in a company: its `number` (providers.md, the default), or
   * its number with its `vat_rate` (Pennylane lists several "706" accounts that differ by VAT rate).
   */
  uniqueBy?: 'number' | 'number-and-vat-rate';
  /**
   * Body keys Pennylane does not take (`description`, `currency`, ...): dropped as Rails' strong
   * parameters drop them (the default), or refused with 400.
   */
  unknownKeys?: 'ignore' | 'reject';
  /**
   * How the token endpoint takes the client credentials: as form fields, as Pennylane's OAuth guide
   * documents (the default), or also in HTTP Basic, as Doorkeeper's default configuration allows.
   */
  clientAuth?: 'body' | 'body-or-basic';
  /** The `vat_rate` values accepted; defaults to {@link VAT_RATES} (`any`, French rates, intra-EU and export statuses). */
  vatRates?: readonly string[];
  /** `country_alpha2` given to an account created without one. Defaults to `FR`. */
  defaultCountry?: string;
  /**
   * Whether ledger accounts carry `created_at` / `updated_at`: Pennylane's changelog added them to
   * every ledger account endpoint (the default); providers.md, older, says none.
   */
  timestamps?: boolean;
  /**
   * Whether a company starts with books, as a new Pennylane company does: its French chart of
   * accounts (ledger-accounts/default-chart.ts) and an analytical category group. Defaults to
   * true; tests about one pushed account start empty with false.
   */
  defaultBooks?: boolean;
  /** What `GET /me` says of the company beside its id. */
  company?: Partial<PennylaneCompanySettings>;
}

/** What Pennylane's token endpoint (Doorkeeper) answers. */
export type PennylaneTokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  /** Access token lifetime, seconds (Pennylane: 86400). */
  expires_in: number;
  refresh_token: string;
  /** Granted scopes, space separated. */
  scope: string;
  /** Issue time, Unix seconds. */
  created_at: number;
};

/** A fake Pennylane Company API v2 (`/api/external/v2/ledger_accounts`) with Pennylane's OAuth token endpoint (`/oauth/token`). */
export interface PennylaneFake extends ProviderFake<PennylaneLedgerAccount> {
  provider: 'pennylane';
  /** Issues a token pair for a company (its integer id as a string), as Pennylane's OAuth consent would. */
  mintTokens(companyId: string, opts?: { accessTtlSeconds?: number }): PennylaneTokenResponse;
  /** Ledger accounts held for a company, by id. */
  accounts(companyId: string): PennylaneLedgerAccount[];
  /** Suppliers Pennylane made beside the company's 401… ledger accounts, in creation order. */
  suppliers(companyId: string): PennylaneThirdParty[];
  /** Company customers Pennylane made beside the company's 411… ledger accounts, in creation order. */
  companyCustomers(companyId: string): PennylaneThirdParty[];
  /** Sets the scopes a company's tokens carry from now on (the consent the customer gave). */
  grantScopes(companyId: string, scopes: readonly string[]): void;
  /**
   * Adds ledger accounts out of band, as the company's own screens or an import would, with no
   * third party made: `count` generated ones (cheap: 100,000 in well under a second), or those
   * given, any number and label. Their ids.
   */
  seedAccounts(companyId: string, accounts: number | readonly SeedLedgerAccount[]): number[];
  /** The company's category groups and categories (analytical axes). */
  categoryGroups(companyId: string): PennylaneCategoryGroup[];
  categories(companyId: string): PennylaneCategory[];
}
