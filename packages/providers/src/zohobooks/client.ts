import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { type ProviderResponse, retryAfterMs, sendJson } from '../http.js';
import type { ConnectionContext } from '../types.js';
import { zohobooks } from './descriptor.js';

export const PROVIDER = 'zohobooks';
// Zoho's codes for its three throttles (Books API v3 introduction): the minute window, the plan's
// daily cap, and requests in flight.
const MINUTE_LIMIT = '44';
const DAILY_LIMIT = '45';
const IN_FLIGHT_LIMIT = '1070';
// Zoho does not say when its day restarts: looking again hourly spends no attempt a minute on a spent quota.
const DAILY_LIMIT_WAIT_MS = 3600_000;
// An in-flight slot frees up as soon as another request of the organisation ends.
const IN_FLIGHT_WAIT_MS = 5_000;
const NOT_AUTHORIZED = '57';
const INTERNAL_ERROR = '1000';

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The body of a Zoho answer that succeeded, or the `ProviderError` the worker acts on. Zoho's
 * body is `{"code", "message", ...}` on every answer: a non-zero code is an error even under a
 * 2xx status.
 */
export function readZohoEnvelope(response: ProviderResponse, now = Date.now()): Record<string, unknown> {
  const body = record(response.body);
  const code = typeof body?.code === 'number' || typeof body?.code === 'string' ? String(body.code) : undefined;
  const message = text(body?.message) ?? `Zoho Books answered ${response.status}`;
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };
  const ok = response.status >= 200 && response.status < 300;
  if (ok && code === '0' && body) return body;
  if (ok && code === undefined) throw new UnexpectedResponse(PROVIDER, `Zoho Books answered ${response.status} without a code`, details);

  if (response.status === 401 || code === NOT_AUTHORIZED) throw new CredentialsExpired(PROVIDER, message, details);
  if (response.status === 429 || code === MINUTE_LIMIT || code === DAILY_LIMIT || code === IN_FLIGHT_LIMIT) {
    const wait = code === DAILY_LIMIT ? DAILY_LIMIT_WAIT_MS : code === IN_FLIGHT_LIMIT ? IN_FLIGHT_WAIT_MS : zohobooks.throttleWaitMs;
    const given = retryAfterMs(response.headers, now);
    // Zoho sends no Retry-After: the wait is the documented one, which THROTTLE_WAIT_MS may replace.
    throw new RateLimited(PROVIDER, given ?? wait, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500 || code === INTERNAL_ERROR) throw new ProviderUnavailable(PROVIDER, message, details);
  // 400 validation (duplicate name, bad type, 6041 wrong organisation), 404, 405.
  throw new ProviderRejected(PROVIDER, message, details);
}

export interface ZohoRequest {
  method: 'GET' | 'POST';
  /** Under `/books/v3`, e.g. `/chartofaccounts`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** One request for the connection's organisation (`organization_id` in the query), authenticated. */
export function sendZoho(context: ConnectionContext, request: ZohoRequest): Promise<ProviderResponse> {
  return sendJson(PROVIDER, context, {
    method: request.method,
    url: `${context.baseUrl.replace(/\/$/, '')}/books/v3${request.path}`,
    query: { organization_id: context.tenantId, ...request.query },
    // Zoho's own scheme: a Bearer header is refused.
    headers: { Authorization: `Zoho-oauthtoken ${context.accessToken}` },
    body: request.body,
  });
}
