import type { ProviderFake } from '../shared/types.js';
import type { SeedAccount } from './accounts/index.js';
import type { ZohoAccount } from './accounts/types.js';
import type { ZohoOrganizationSettings } from './organizations/index.js';
import type { ZohoReportingTag } from './reporting-tags/index.js';
import type { ZohoTax } from './taxes/index.js';

export type { ZohoAccount, ZohoCustomField } from './accounts/types.js';
export type { ZohoReportingTag, ZohoTagOption } from './reporting-tags/index.js';
export type { ZohoTax } from './taxes/index.js';

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
  /**
   * Whether an organisation starts with books, as a new Zoho Books organisation does: Zoho's
   * default chart (accounts/default-chart.ts), plus a few taxes and a reporting tag. Defaults to
   * true; tests about one pushed account start empty with false.
   */
  defaultBooks?: boolean;
  /** What Get an organization answers beside the id and the base currency. */
  organization?: Partial<ZohoOrganizationSettings>;
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
  /** Accounts held for an organisation, in creation order (its default chart first). */
  accounts(organizationId: string): ZohoAccount[];
  /**
   * Adds accounts out of band, as the organisation's own screens would: `count` generated ones
   * (cheap: 100,000 in well under a second), or those given, any `account_type` string. Their ids.
   */
  seedAccounts(organizationId: string, accounts: number | readonly SeedAccount[]): string[];
  /** The organisation's taxes (List taxes). */
  taxes(organizationId: string): ZohoTax[];
  /** The organisation's reporting tags with their options. */
  reportingTags(organizationId: string): ZohoReportingTag[];
}
