import type { FastifyPluginAsync } from 'fastify';

/** Options of {@link createQuickbooksFake}. */
export interface QuickbooksFakeOptions {
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
}

/** Intuit's token endpoint answer. */
export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  /** Access token lifetime, seconds. */
  expires_in: number;
  /** Refresh token lifetime, seconds. */
  x_refresh_token_expires_in: number;
}

/** An Account as QuickBooks returns it. */
export interface QuickbooksAccount {
  Name: string;
  SubAccount: boolean;
  ParentRef?: { value: string };
  FullyQualifiedName: string;
  Active: boolean;
  Classification?: string;
  AccountType: string;
  AccountSubType?: string;
  AcctNum?: string;
  Description?: string;
  CurrentBalance: number;
  CurrentBalanceWithSubAccounts: number;
  CurrencyRef: { value: string; name: string };
  domain: 'QBO';
  sparse: false;
  Id: string;
  SyncToken: string;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
}

/** A failure to inject into the next matching API request (never the OAuth endpoint). */
export type FakeFault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504 }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'commit-then-reset' };

/** One request the fake received, as seen on the wire. */
export interface RecordedRequest {
  method: string;
  /** Path relative to the host, query string excluded (mount prefix included). */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, the raw text otherwise, undefined without a body. */
  body: unknown;
  /** Status answered; 0 while unanswered or when the connection was dropped without an answer. */
  status: number;
  /** Receipt time from the fake's clock, epoch milliseconds. */
  at: number;
}

/** A fake QuickBooks Online Accounting API (v3) with Intuit's OAuth2 token endpoint. */
export interface QuickbooksFake {
  /** Registers the routes relative to wherever it is mounted. */
  plugin: FastifyPluginAsync;
  clientId: string;
  clientSecret: string;
  /** Issues a token pair for a realm, as Intuit's authorisation flow would. */
  mintTokens(realmId: string, opts?: { accessTtlSeconds?: number }): TokenResponse;
  /** Accounts held for a realm, ordered by Id. */
  accounts(realmId: string): QuickbooksAccount[];
  /** Every request received, oldest first; the last 10,000 only. */
  requests: RecordedRequest[];
  /** Queues a fault for the next matching API request(s). */
  injectFault(fault: FakeFault, opts?: { realmId?: string; times?: number }): void;
  /** Makes every access token issued so far for the realm answer 401. */
  expireAccessTokens(realmId: string): void;
  /** Makes every refresh token issued so far for the realm answer invalid_grant. */
  revokeRefreshTokens(realmId: string): void;
  /** Forgets all accounts, idempotency keys, watermarks, limits, faults and recorded requests. */
  reset(): void;
}
