import type { AccountCapabilities, NormalizedAccount } from '@ledgersync/unified';

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
  accounts: AccountCapabilities;
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
  signal?: AbortSignal;
}

export interface PushResult {
  remoteId: string;
  /** The provider's raw response body, kept as the account's `remote_data`. */
  remoteData: unknown;
  /** The provider said its quota is spent (remaining 0): hold the connection this long. */
  quotaPauseMs?: number;
}

/** One provider's code: maps, sends, parses and classifies. Errors are `ProviderError`s. */
export interface ProviderAdapter {
  descriptor: ProviderDescriptor;
  createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult>;
}
