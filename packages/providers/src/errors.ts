/**
 * What can go wrong when talking to a provider, one class per thing the worker does differently.
 * Each provider's client classifies every response into one of these; the push processor decides from the class.
 */
export abstract class ProviderError extends Error {
  /** True when sending the same request later may succeed. */
  abstract readonly transient: boolean;
  readonly provider: string;
  readonly status: number | undefined;
  /** The provider's own error code (QuickBooks `6240`, Xero `ErrorNumber`, ...). */
  readonly providerCode: string | undefined;

  constructor(provider: string, message: string, details: { status?: number; providerCode?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.provider = provider;
    this.status = details.status;
    this.providerCode = details.providerCode;
  }
}

/** 429 or an equivalent throttle: wait `retryAfterMs`, then retry. */
export class RateLimited extends ProviderError {
  override readonly name = 'RateLimited';
  readonly transient = true;
  readonly retryAfterMs: number;
  /**
   * True when the provider said nothing about how long (no `Retry-After`) and the wait is its
   * documented one (QuickBooks: 60 s); an operator setting may replace such a wait, never a given one.
   */
  readonly documentedWait: boolean;
  /**
   * What the provider throttles: this connection (its tenant), or the whole app, every connection
   * of the provider (Xero's app minute limit): then they all wait.
   */
  readonly scope: 'connection' | 'app';

  constructor(
    provider: string,
    retryAfterMs: number,
    details: { status?: number; providerCode?: string; documentedWait?: boolean; scope?: 'connection' | 'app'; message?: string } = {},
  ) {
    super(provider, details.message ?? `${provider} is throttling this connection; retry in ${Math.ceil(retryAfterMs / 1000)} s`, details);
    this.retryAfterMs = retryAfterMs;
    this.documentedWait = details.documentedWait ?? false;
    this.scope = details.scope ?? 'connection';
  }

  /** The same throttle with another wait (an operator's THROTTLE_WAIT_MS for a documented wait). */
  withWait(retryAfterMs: number): RateLimited {
    const { status, providerCode, documentedWait, scope } = this;
    return new RateLimited(this.provider, retryAfterMs, {
      ...(status ? { status } : {}),
      ...(providerCode ? { providerCode } : {}),
      documentedWait,
      scope,
      message: this.message,
    });
  }
}

/** 5xx, timeout, connection reset: the provider may or may not have acted; retry with backoff. */
export class ProviderUnavailable extends ProviderError {
  override readonly name = 'ProviderUnavailable';
  readonly transient = true;
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: string,
    message: string,
    details: { status?: number; providerCode?: string; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(provider, message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The provider refused the account (validation, duplicate, forbidden): retrying cannot help. */
export class ProviderRejected extends ProviderError {
  override readonly name = 'ProviderRejected';
  readonly transient = false;
}

/** 401: the access token expired or was revoked; refresh once, then retry. */
export class CredentialsExpired extends ProviderError {
  override readonly name = 'CredentialsExpired';
  readonly transient = false;
}

/**
 * The provider refuses the connection until the customer reconnects: a refresh answered
 * `invalid_grant`, or a token whose grant lacks a scope the call needs (Pennylane's 403). The
 * worker marks the connection invalid with this message as the reason.
 */
export class ConnectionRevoked extends ProviderError {
  override readonly name = 'ConnectionRevoked';
  readonly transient = false;
}

/** The provider answered something its reader cannot read; a bug or an API change, not the data. */
export class UnexpectedResponse extends ProviderError {
  override readonly name = 'UnexpectedResponse';
  readonly transient = false;
}
