import type { ProviderFake } from '../shared/types.js';
import type { XeroAccount } from './accounts/types.js';
import type { XeroOrganisation, XeroTaxRate, XeroTrackingCategory } from './books/index.js';

export type { XeroAccount } from './accounts/types.js';
export type { XeroOrganisation, XeroTaxRate, XeroTrackingCategory, XeroTrackingOption } from './books/index.js';

/** Options of {@link createXeroFake}; every limit and duration is a setting, with Xero's value as default. */
export interface XeroFakeOptions {
  /** Signs tokens and derives the client secret; every process holding it accepts the same tokens. */
  secret: string;
  /** Clock in epoch milliseconds; inject one to move time in tests. Defaults to `Date.now`. */
  now?: () => number;
  /** OAuth client id the token endpoint expects. Defaults to `ledgersync-sandbox`. */
  clientId?: string;
  /** Requests per tenant in a fixed one-minute window (Xero: 60). */
  requestsPerMinute?: number;
  /** Requests per tenant in a fixed 24-hour window (Xero: 5,000). */
  requestsPerDay?: number;
  /** Requests per tenant in flight at once (Xero: 5). */
  maxConcurrent?: number;
  /** Requests of the whole app, across tenants, in a fixed one-minute window (Xero: 10,000). */
  appRequestsPerMinute?: number;
  /**
   * The app limit's window (Xero: one minute). A test makes it short, with a small
   * `appRequestsPerMinute`, to spend the app's calls and see them come back without waiting a minute.
   */
  appWindowMs?: number;
  /** How long an `Idempotency-Key` is remembered from its first use, for the whole app (Xero: 6 minutes). */
  idempotencyTtlMs?: number;
  /** How long a refresh token stays usable after it was first exchanged (Xero: 30 minutes). */
  refreshGraceMs?: number;
  /** Refresh token lifetime (Xero: 60 days). */
  refreshTtlSeconds?: number;
  /** The `ProviderName` Xero echoes: the name the app is registered under. */
  providerName?: string;
  /**
   * The organisation's base currency (its BaseCurrency, and what a BANK account created without
   * `CurrencyCode` gets). Defaults to the country's currency.
   */
  baseCurrency?: string;
  /** The country of every tenant's organisation, whose default chart and tax rates it starts with: NZ (default), AU or GB. */
  countryCode?: string;
  /**
   * What a tenant starts with: `default` (Xero's default chart of accounts for the country, and
   * tracking categories with options) or `empty` (no accounts, no tracking categories). The
   * organisation and its tax rates are there either way.
   */
  books?: 'default' | 'empty';
  /** Every tenant's organisation Name. */
  organisationName?: string;
  /**
   * How a body the OpenAPI schema rejects (wrong JSON type, value outside an enum, bad UUID) is
   * answered. Xero deserialises with JSON.NET and answers such bodies with ErrorNumber 14
   * `PostDataInvalidException` (the default); `validation-exception` answers ErrorNumber 10 with
   * the problems as the element's ValidationErrors instead.
   */
  schemaErrorStyle?: 'post-data-invalid' | 'validation-exception';
}

/** Xero's token endpoint answer. */
export type XeroTokenResponse = {
  access_token: string;
  /** Access token lifetime, seconds (Xero: 1800). */
  expires_in: number;
  token_type: 'Bearer';
  refresh_token: string;
  scope: string;
};

/** A fake Xero Accounting API (`/api.xro/2.0`) with Xero's identity token endpoint (`/connect/token`). */
export interface XeroFake extends ProviderFake<XeroAccount> {
  provider: 'xero';
  /** Issues a token pair for a tenant (a Xero organisation id), as Xero's authorisation flow would. */
  mintTokens(tenantId: string, opts?: { accessTtlSeconds?: number }): XeroTokenResponse;
  /** The accounts created through the API (`PUT /Accounts`) for a tenant, in creation order: its default chart aside. */
  accounts(tenantId: string): XeroAccount[];
  /** The tenant's whole chart of accounts: its default books, seeded accounts and those created, in creation order. */
  chart(tenantId: string): XeroAccount[];
  /** Adds `count` accounts (codes `N0000001`...) to the tenant's chart, as made in Xero's screens: cheap for 100,000. */
  seedAccounts(tenantId: string, count: number): void;
  /** Marks an account as used by a transaction: Xero refuses to delete it (archive it instead). */
  useAccount(tenantId: string, accountId: string): void;
  organisation(tenantId: string): XeroOrganisation;
  taxRates(tenantId: string): XeroTaxRate[];
  /** Changes a tax rate as Xero's screens would (the API has no update of a rate's percent). */
  changeTaxRate(tenantId: string, taxType: string, change: Partial<Pick<XeroTaxRate, 'Name' | 'Status' | 'EffectiveRate' | 'DisplayTaxRate'>>): void;
  trackingCategories(tenantId: string): XeroTrackingCategory[];
}
