import type { ProviderFake } from '../shared/types.js';
import type { ZohoAccount } from './accounts/types.js';

export type { ZohoAccount, ZohoCustomField } from './accounts/types.js';

/** A currency an organisation has enabled: Zoho refers to it by its own id, not the ISO code. */
export interface ZohoCurrency {
  currency_id: string;
  currency_code: string;
}

/** Options of {@link createZohoBooksFake}; every limit is a setting, with Zoho's value as default. */
export interface ZohoBooksFakeOptions {
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
  /** Requests per organisation in a fixed one-minute window (Zoho: 100). */
  requestsPerMinute?: number;
  /** Requests per organisation in a fixed 24-hour window; Zoho's cap depends on the plan: 1,000 (Free) to 10,000. */
  requestsPerDay?: number;
  /** Requests per organisation in flight at once; Zoho's "concurrent rate limiter": 5 (Free), 10 (paid plans). */
  maxConcurrent?: number;
  /** The organisation's time zone as minutes east of UTC, used in `created_time` (Zoho's samples: +0530). Defaults to 0. */
  utcOffsetMinutes?: number;
  /** The organisation's currencies, base currency first. Defaults to USD alone. */
  currencies?: ZohoCurrency[];
  /** The `api_domain` the token endpoint answers: where the customer's data centre serves the API. */
  apiDomain?: string;
  /** Access tokens one refresh token may be exchanged for within `refreshWindowMs` (Zoho: 10 in 10 minutes). */
  refreshesPerWindow?: number;
  refreshWindowMs?: number;
  /**
   * Whether an account code must be unique in the organisation, like the name. Zoho's UI refuses a
   * code already in use; the API rule is not documented, so it is a setting. Defaults to true.
   */
  uniqueAccountCodes?: boolean;
}

/** Zoho's authorisation answer (the initial grant): a refresh token and a first access token. */
export type ZohoTokenResponse = {
  access_token: string;
  refresh_token: string;
  /** Where to send API requests: the customer's data centre (`https://www.zohoapis.eu`, ...). */
  api_domain: string;
  token_type: 'Bearer';
  /** Access token lifetime, seconds (Zoho: 3600). */
  expires_in: number;
};

/** What a refresh answers: Zoho does not rotate refresh tokens, so there is none in it. */
export type ZohoRefreshResponse = Omit<ZohoTokenResponse, 'refresh_token'>;

/** A fake Zoho Books API v3 (`/books/v3/chartofaccounts`) with Zoho's accounts-server token endpoint. */
export interface ZohoBooksFake extends ProviderFake<ZohoAccount> {
  provider: 'zohobooks';
  /** Issues a token pair for an organisation id, as Zoho's authorisation flow would. */
  mintTokens(organizationId: string, opts?: { accessTtlSeconds?: number }): ZohoTokenResponse;
  /** Accounts held for an organisation, in creation order. */
  accounts(organizationId: string): ZohoAccount[];
}
