import type { FastifyPluginAsync } from 'fastify';

/** A failure to inject into the next matching API request (never the OAuth endpoint). */
export type FakeFault =
  /** An error answer; `retryAfterMs` sets the wait a 429 announces, where the provider announces one. */
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterMs?: number }
  | { kind: 'delay'; ms: number }
  /** The connection is destroyed before the request reaches the provider's service: nothing is stored. */
  | { kind: 'reset' }
  /** The request is fully processed (stored, idempotency key remembered), then the connection is destroyed. */
  | { kind: 'commit-then-reset' };

/** A flaky provider: each API request draws at most one of these faults, with its probability. */
export interface RandomFaults {
  faults: { fault: FakeFault; probability: number }[];
  /** Same seed, same sequence of draws. Defaults to the clock. */
  seed?: number;
}

/** One request a fake received, as seen on the wire. */
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

/** What a provider's token endpoint answers; each provider adds its own fields. */
export type TokenSet = {
  access_token: string;
  refresh_token: string;
  /** Access token lifetime, seconds. */
  expires_in: number;
  token_type: string;
  [k: string]: unknown;
};

/** What the CLI's `sandbox` command needs to set up a tenant on a fake. */
export interface SandboxProfile {
  /** A fresh tenant id in the provider's own format (QuickBooks realm id, Xero tenant UUID, ...). */
  newTenantId(): string;
  /** The token endpoint, relative to the provider's mount point, e.g. `/oauth2/v1/tokens/bearer`. */
  tokenPath: string;
  /** The country (ISO 3166-1 alpha-2) of a new tenant's company, where the provider's limits depend on it. */
  companyCountry?: string;
}

/**
 * The contract every provider fake implements, so the registry, the server, the CLI and the tests
 * can drive any of them alike. See `src/shared/index.ts` for how a fake is assembled.
 */
export interface ProviderFake<TAccount = unknown> {
  /** The provider slug, also the mount path segment: `quickbooks`, `xero`, `sage`, `zohobooks`, `pennylane`. */
  provider: string;
  /** Registers the routes relative to wherever it is mounted (the registry mounts it at `/<provider>`). */
  plugin: FastifyPluginAsync;
  /** OAuth client credentials the token endpoint expects. */
  clientId: string;
  clientSecret: string;
  /** Issues a token pair for a tenant, as the provider's authorisation flow would. */
  mintTokens(tenantId: string, opts?: { accessTtlSeconds?: number }): TokenSet;
  /** What the fake holds for a tenant, in the provider's own shape, for assertions. */
  accounts(tenantId: string): TAccount[];
  /** Every request received, oldest first; the last 10,000 only. */
  requests: RecordedRequest[];
  /** Queues a fault for the next matching API request(s), of one tenant or of any. */
  injectFault(fault: FakeFault, opts?: { tenantId?: string; times?: number }): void;
  /** Makes every later API request of the tenant (or of any) draw a random fault; queued faults come first. */
  injectRandomFaults(profile: RandomFaults, opts?: { tenantId?: string }): void;
  /** Makes every access token issued so far for the tenant answer as expired. */
  expireAccessTokens(tenantId: string): void;
  /** Makes every refresh token issued so far for the tenant answer invalid_grant. */
  revokeRefreshTokens(tenantId: string): void;
  /** Forgets all tenant data, idempotency keys, watermarks, limits, faults and recorded requests. */
  reset(): void;
  /** What the CLI's `sandbox` command needs to set up a tenant on this fake. */
  sandbox: SandboxProfile;
}
