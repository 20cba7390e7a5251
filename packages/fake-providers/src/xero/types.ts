import type { ProviderFake } from '../shared/types.js';
import type { XeroAccount } from './accounts/types.js';

export type { XeroAccount } from './accounts/types.js';

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
  /** The organisation's base currency, given to a BANK account created without `CurrencyCode`. Defaults to USD. */
  baseCurrency?: string;
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
  /** Accounts held for a tenant, in creation order. */
  accounts(tenantId: string): XeroAccount[];
}
