import { ConnectionRevoked, CredentialsExpired, type ProviderError, ProviderRejected, ProviderUnavailable, RateLimited } from '../errors.js';
import { type ProviderResponse, retryAfterMs, sendJson } from '../http.js';
import type { ConnectionContext } from '../types.js';
import { pennylane } from './descriptor.js';

const API_PATH = '/api/external/v2';

/**
 * The scopes Pennylane asks of a token for each ledger accounts call (reference: Create / List /
 * Get a ledger account). The 2026 API changes retired the all-in-one `ledger` scope (NOTES.md).
 */
export const LEDGER_ACCOUNT_SCOPES = {
  write: ['ledger_accounts:all'],
  read: ['ledger_accounts:readonly', 'ledger_accounts:all'],
} as const;

/** When the answer says the window is spent (`ratelimit-remaining: 0`), how long until `ratelimit-reset` (Unix seconds). */
export function quotaPauseMs(headers: Headers, now = Date.now()): number | undefined {
  if (headers.get('ratelimit-remaining')?.trim() !== '0') return undefined;
  const reset = Number(headers.get('ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return pennylane.throttleWaitMs;
  const wait = reset * 1000 - now;
  return wait > 0 ? wait : undefined;
}

/** The `error` text of Pennylane's `{"error", "status"}` envelope, or the plain-text body (a 429), or the status. */
function errorText(response: ProviderResponse): string {
  const body = response.body;
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  if (typeof body === 'string' && body.trim() !== '' && !body.trimStart().startsWith('<')) return body.trim();
  return `Pennylane answered ${response.status}`;
}

/**
 * The `ProviderError` a non-2xx answer means. `scopes`: what the call needs of the token, named in
 * a 403's reason. Pennylane answers 403 when the token lacks the call's scope: the connection, not
 * the account, is at fault, and only the customer reconnecting with that scope granted cures it.
 */
export function classifyPennylaneFailure(response: ProviderResponse, scopes: readonly string[], now = Date.now()): ProviderError {
  const message = errorText(response);
  const details = { status: response.status };
  if (response.status === 401) return new CredentialsExpired('pennylane', message, details);
  if (response.status === 403) {
    const needed = scopes.join(' or ');
    return new ConnectionRevoked(
      'pennylane',
      `Pennylane refused this connection's token: it lacks the ${needed} scope (Pennylane said: ${message}); reconnect granting ${needed}`,
      details,
    );
  }
  if (response.status === 429) {
    const reset = Number(response.headers.get('ratelimit-reset'));
    const untilReset = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
    const given = retryAfterMs(response.headers, now) ?? untilReset;
    // Keeps Pennylane's own sentence ("Rate limit exceeded. Please retry in 2 seconds.") when it gave one.
    return new RateLimited('pennylane', given ?? pennylane.throttleWaitMs, {
      ...details,
      documentedWait: given === undefined,
      ...(message.startsWith('Rate limit') ? { message } : {}),
    });
  }
  if (response.status >= 500) {
    const wait = retryAfterMs(response.headers, now);
    return new ProviderUnavailable('pennylane', message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  // 400 malformed, 404, 422 validation (number taken, blank, not digits).
  return new ProviderRejected('pennylane', message, details);
}

export interface PennylaneRequest {
  method: 'GET' | 'POST';
  /** Under `/api/external/v2`, e.g. `/ledger_accounts`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** One Company API request; the token names the company, so the request does not. */
export function sendPennylane(context: ConnectionContext, request: PennylaneRequest): Promise<ProviderResponse> {
  return sendJson('pennylane', context, {
    method: request.method,
    url: `${context.baseUrl.replace(/\/$/, '')}${API_PATH}${request.path}`,
    ...(request.query ? { query: request.query } : {}),
    headers: { Authorization: `Bearer ${context.accessToken}` },
    body: request.body,
  });
}
