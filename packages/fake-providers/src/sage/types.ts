import type { ProviderFake } from '../shared/types.js';
import type { SageAnalysisType, SageAnalysisTypeCategory } from './analysis-types/store.js';
import type { SageBusiness, SageFinancialSettings } from './businesses/index.js';
import type { SeedOptions } from './ledger-accounts/index.js';
import type { SageLedgerAccount } from './ledger-accounts/types.js';
import type { SageTaxRate } from './tax-rates/index.js';

export type { SageLedgerAccount, SageLink } from './ledger-accounts/types.js';

/**
 * Options of {@link createSageFake}. Every limit and duration is a setting with Sage's value (or,
 * where providers.md marks the fact `(?)`, the best-known value) as default.
 */
export interface SageFakeOptions {
  /** Signs tokens and derives the client secret; every process holding it accepts the same tokens. */
  secret: string;
  /** Clock in epoch milliseconds; inject one to move time in tests. Defaults to `Date.now`. */
  now?: () => number;
  /** OAuth client id the token endpoint expects. Defaults to `ledgersync-sandbox`. */
  clientId?: string;
  /**
   * Calls per business in one window: 100, the lower of the figures known (Sage's v3.0 pages: 200 in
   * any 60 s; a secondary source for v3.1: 100 a minute). Sage's v3.1 pages are silent.
   */
  requestsPerWindow?: number;
  /** The window of {@link requestsPerWindow} (60 s). */
  windowMs?: number;
  /** Calls per business in a day, beside the window (2,500: the secondary source for v3.1). */
  requestsPerDay?: number;
  /** Access token lifetime (Sage: 300 s). */
  accessTtlSeconds?: number;
  /** Refresh token lifetime (Sage: 31 days, `refresh_token_expires_in: 2678400`). */
  refreshTtlSeconds?: number;
  /** Refresh tokens are single use: once exchanged, the old one answers invalid_grant (Sage: yes, per secondary sources; NOTES.md). */
  rotateRefreshTokens?: boolean;
  /**
   * Seconds of `Retry-After` on a 429. providers.md: Sage sends no rate-limit headers (?), so by
   * default none; set it to model a gateway that does.
   */
  retryAfterSeconds?: number;
  /** How long a write's `idempotency_id` is answered with its first answer (Sage: 7 days). */
  idempotencyRetentionMs?: number;
  /**
   * Largest page served (Sage: 200, its documented maximum, beyond which `items_per_page` is
   * refused). A smaller one serves smaller pages than asked, without refusing: tests page through
   * a few records.
   */
  maxItemsPerPage?: number;
  /**
   * A business starts with Sage's UK default books: its chart (`ledger-accounts/defaults.ts`), VAT
   * rates, analysis types (true, as Sage creates a business). False: an empty chart (tests of pushes).
   */
  defaultBooks?: boolean;
  /** Largest nominal code (Sage 50 codes have up to 8 digits (?)). */
  maxNominalCode?: number;
  /** Longest `name` / `display_name` (?). */
  maxNameLength?: number;
}

/** Sage's token endpoint answer. */
export type SageTokenResponse = {
  access_token: string;
  scope: 'full_access';
  token_type: 'bearer';
  /** Access token lifetime, seconds (Sage: 300). */
  expires_in: number;
  refresh_token: string;
  /** Refresh token lifetime, seconds (Sage: 2678400). */
  refresh_token_expires_in: number;
  /** The Sage user who authorised the app. */
  requested_by_id: string;
};

/**
 * A fake Sage Business Cloud Accounting API v3.1 (`/v3.1/ledger_accounts`, `/v3.1/ledger_account_types`)
 * with Sage's token endpoint (`/token`). Tenants are Sage businesses, chosen by `X-Business`.
 */
export interface SageFake extends ProviderFake<SageLedgerAccount> {
  provider: 'sage';
  /** Issues a token pair for a user whose (lead) business is `tenantId`, as Sage's authorisation flow would. */
  mintTokens(tenantId: string, opts?: { accessTtlSeconds?: number }): SageTokenResponse;
  /** Ledger accounts held for a business: its default chart and those created since, in creation order, then seeded ones. */
  accounts(tenantId: string): SageLedgerAccount[];
  /**
   * Adds `count` ledger accounts to a business at once (nominal codes from 10,000,000, type
   * OVERHEADS, created now), held as a range: 100,000 cost neither time nor memory. Once per business.
   */
  seedLedgerAccounts(tenantId: string, count: number, opts?: SeedOptions): void;
  taxRates(tenantId: string): SageTaxRate[];
  /** Changes a VAT rate out of band (UK rates cannot be changed through the API: Sage's reference says "US only"). */
  changeTaxRate(tenantId: string, id: string, fields: Partial<Pick<SageTaxRate, 'name' | 'percentage' | 'is_visible'>>): void;
  analysisTypes(tenantId: string): SageAnalysisType[];
  analysisTypeCategories(tenantId: string): SageAnalysisTypeCategory[];
  business(tenantId: string): SageBusiness;
  financialSettings(tenantId: string): SageFinancialSettings;
}
