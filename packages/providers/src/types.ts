import type { AccountCapabilities, AccountStatus, AccountType, Classification, NormalizedAccount } from '@ledgersync/unified';

/** Request limits: every window at once (`limit` requests in any `periodMs`), and requests in flight. */
export interface RateLimits {
  windows: { limit: number; periodMs: number }[];
  concurrency?: number;
}

/** Where a provider expects the tenant (the customer's company) in a request. */
export type TenantPlacement = 'path' | 'header' | 'query' | 'token';

/**
 * A provider, described as data: what the intake checks, what the limiter enforces and what the
 * sandbox and the CLI offer are all read from here.
 */
export interface ProviderDescriptor {
  slug: string;
  displayName: string;
  /** The production API base URL (connections may point elsewhere: sandbox, fake, proxy). */
  baseUrl: string;
  /** The OAuth 2.0 token endpoint used to refresh access tokens. */
  tokenUrl: string;
  tenant: { placement: TenantPlacement; name: string; description: string };
  /** Documented limits per tenant; connections can override them. */
  rateLimits: RateLimits;
  /** How long to wait after a 429 that carries no `Retry-After`. */
  throttleWaitMs: number;
  /** How a create is made safe to re-send. */
  idempotency: { kind: 'query' | 'header'; name: string; maxLength: number } | { kind: 'none' };
  requestTimeoutMs: number;
  /** How the token endpoint takes the client credentials: HTTP Basic (Intuit, Xero, Sage) or form fields (Zoho). */
  oauthClientAuth: 'basic' | 'body';
  accounts: AccountCapabilities;
  /**
   * Provider fields a connection may map `field_mappings` slugs to (`ledgersync connections
   * mappings`): the provider's own names, as its payload spells them.
   */
  mappableFields: readonly string[];
}

export interface PushContext {
  baseUrl: string;
  tenantId: string;
  accessToken: string;
  /** The ledgersync account id: the same on every attempt, so a re-sent create is recognised. */
  idempotencyKey: string;
  /** The parent's id at the provider, for a sub-account. */
  parentRemoteId: string | null;
  /** Give up on the provider after this long (then the push is retried: see idempotency). */
  timeoutMs: number;
  /**
   * The request's `field_mappings` values under the provider field names the connection maps their
   * slugs to (only names from `descriptor.mappableFields`); merged into the payload as sent.
   */
  mappedFields: Record<string, unknown>;
  signal?: AbortSignal;
}

/** Unified fields as read back from the provider's answer, in the unified vocabulary. */
export interface RemoteAccountFields {
  name?: string;
  type?: AccountType;
  classification?: Classification;
  status?: AccountStatus;
  account_number?: string;
  currency?: string;
  /** When the provider says it created the account (RFC 3339); absent when it does not say. */
  remote_created_at?: string;
}

export interface PushResult {
  remoteId: string;
  /** The provider's raw response body, kept as the account's `remote_data`. */
  remoteData: unknown;
  /** The provider said its quota is spent (remaining 0): hold the connection this long. */
  quotaPauseMs?: number;
  /** What the provider says the account is, translated back to unified words. */
  fields?: RemoteAccountFields;
}

/** One provider's code: maps, sends, parses and classifies. Errors are `ProviderError`s. */
export interface ProviderAdapter {
  descriptor: ProviderDescriptor;
  createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult>;
  /**
   * For providers without an idempotency key: the account this push may already have created (a
   * create whose answer was lost), found by code, else by name, through the provider's read API.
   * The worker calls it before re-sending a create; a match is adopted instead of duplicated.
   */
  findAccount?(account: NormalizedAccount, context: PushContext): Promise<PushResult | null>;
}
