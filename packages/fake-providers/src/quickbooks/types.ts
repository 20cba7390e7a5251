import type { ProviderFake } from '../shared/types.js';
import type { QuickbooksAccount } from './accounts/types.js';
import type { RealmSettings } from './company.js';

export type { FakeFault, RecordedRequest } from '../shared/types.js';
export type { QuickbooksAccount } from './accounts/types.js';

/** Options of {@link createQuickbooksFake}. */
export interface QuickbooksFakeOptions {
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
  /** Requests per realm in a fixed one-minute window before 429 (QuickBooks: 500). */
  requestsPerMinute?: number;
  /** Requests per realm in flight at once before 429 (QuickBooks: 10). */
  maxConcurrent?: number;
  /** OAuth client id the token endpoint expects. Defaults to `ledgersync-sandbox`. */
  clientId?: string;
  /**
   * Whether a sub-account must have its parent's AccountType. The QuickBooks UI enforces it; the
   * API rule is not documented, so it is a setting. Defaults to true.
   */
  requireParentSameType?: boolean;
  /**
   * The country of every realm's company (ISO 3166-1 alpha-2: US, GB, IN, AU, CA or FR), unless
   * `configureRealm` says otherwise: it sets the longest AcctNum and the home currency. Default US.
   */
  country?: string;
  /** What a repeated `requestid` does on an Account create (see `RealmSettings`). Default `replay`. */
  nameListRequestIds?: RealmSettings['nameListRequestIds'];
  /**
   * What every realm starts with: `default` (the default), the books QuickBooks makes for a new
   * company (its default chart of accounts, company info and preferences, sales tax rates, classes
   * and departments); `empty`, nothing but company info (tests that count the accounts they push).
   */
  books?: 'default' | 'empty';
}

/** Intuit's token endpoint answer. */
export type TokenResponse = {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  /** Access token lifetime, seconds. */
  expires_in: number;
  /** Refresh token lifetime, seconds. */
  x_refresh_token_expires_in: number;
};

/** A fake QuickBooks Online Accounting API (v3) with Intuit's OAuth2 token endpoint; tenants are realms. */
export interface QuickbooksFake extends ProviderFake<QuickbooksAccount> {
  provider: 'quickbooks';
  /** Issues a token pair for a realm, as Intuit's authorisation flow would. */
  mintTokens(realmId: string, opts?: { accessTtlSeconds?: number }): TokenResponse;
  /** Accounts held for a realm, ordered by Id. */
  accounts(realmId: string): QuickbooksAccount[];
  /** Changes a realm's settings from the fake's options (until `reset`). */
  configureRealm(realmId: string, settings: Partial<RealmSettings>): void;
  /** Makes an account inactive, as the customer would in QuickBooks (the API creates none inactive). */
  deactivateAccount(realmId: string, id: string): void;
  /** Adds `count` expense accounts to a realm at once (100,000 is cheap): large charts for tests and benchmarks. */
  seedAccounts(realmId: string, count: number): void;
  /** A realm's Class, Department and TaxRate records, as QuickBooks answers them, in Id order. */
  classes(realmId: string): Record<string, unknown>[];
  departments(realmId: string): Record<string, unknown>[];
  taxRates(realmId: string): Record<string, unknown>[];
}
