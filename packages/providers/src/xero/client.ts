import {
  CredentialsExpired,
  type ProviderError,
  ProviderRejected,
  ProviderUnavailable,
  RateLimited,
  UnexpectedResponse,
} from '../errors.js';
import { type ProviderResponse, retryAfterMs, sendJson } from '../http.js';
import type { ConnectionContext } from '../types.js';
import { xero } from './descriptor.js';

/**
 * How long to hold a connection whose answer says a quota is spent. Xero's windows are fixed and
 * reset at a time it does not tell (the phase is unknown), so:
 * - minute (`X-MinLimit-Remaining: 0`, the tenant's; `X-AppMinLimit-Remaining: 0`, the app's,
 *   which holds every connection of the install, see {@link xeroAppQuotaPauseMs}): a full minute,
 *   the longest the current window can still run;
 * - day (`X-DayLimit-Remaining: 0`): an hour, not a day. Holding for 24 h could idle a connection
 *   for most of a day after a window that resets in minutes; after an hour the next request is
 *   either admitted or answered 429 with the exact `Retry-After`, which then sets the real wait.
 *   The cost is one refused request.
 */
export const MINUTE_QUOTA_PAUSE_MS = 60_000;
export const DAY_QUOTA_PAUSE_MS = 3_600_000;

/** The `X-Rate-Limit-Problem` of the app minute limit (NOTES.md). */
const APP_MINUTE_PROBLEM = 'appminute';

const API_PATH = '/api.xro/2.0';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function remaining(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const count = Number(value);
  return Number.isFinite(count) ? count : undefined;
}

/** The connection's pause the tenant's quota headers of a successful answer call for (see {@link DAY_QUOTA_PAUSE_MS}). */
export function xeroQuotaPauseMs(headers: Headers): number | undefined {
  let pause = 0;
  if (remaining(headers, 'x-minlimit-remaining') === 0) pause = MINUTE_QUOTA_PAUSE_MS;
  if (remaining(headers, 'x-daylimit-remaining') === 0) pause = Math.max(pause, DAY_QUOTA_PAUSE_MS);
  return pause > 0 ? pause : undefined;
}

/**
 * The pause of every Xero connection of the install that a successful answer calls for: the app's
 * calls across all its tenants are spent for this minute (`X-AppMinLimit-Remaining: 0`).
 */
export function xeroAppQuotaPauseMs(headers: Headers): number | undefined {
  return remaining(headers, 'x-appminlimit-remaining') === 0 ? MINUTE_QUOTA_PAUSE_MS : undefined;
}

/** Both pauses of a successful answer, as a push result carries them. */
export function xeroQuotaPauses(headers: Headers): { quotaPauseMs?: number; appQuotaPauseMs?: number } {
  const connection = xeroQuotaPauseMs(headers);
  const app = xeroAppQuotaPauseMs(headers);
  return { ...(connection !== undefined ? { quotaPauseMs: connection } : {}), ...(app !== undefined ? { appQuotaPauseMs: app } : {}) };
}

/** The ValidationErrors messages of a list of elements (ValidationException elements, or the records of an answer). */
export function validationErrors(elements: unknown): string[] {
  if (!Array.isArray(elements)) return [];
  return elements.flatMap((element) => {
    const errors = isRecord(element) ? element.ValidationErrors : undefined;
    return Array.isArray(errors)
      ? errors.map((error) => (isRecord(error) ? text(error.Message) : undefined)).filter((m) => m !== undefined)
      : [];
  });
}

/** Xero's messages as one sentence list; each keeps its wording, ended with a full stop when it has none. */
export function sentences(messages: string[]): string {
  return messages.map((m) => (/[.!?]$/.test(m.trim()) ? m.trim() : `${m.trim()}.`)).join(' ');
}

/**
 * The message and code of a failed answer. Xero answers in two shapes: the Accounting API's
 * `ApiException` (`ErrorNumber`, `Type`, `Message`, `Elements[].ValidationErrors[]`) and the
 * gateway's problem details (`Title`, `Detail`: 401, 403, 429, 503, an Idempotency-Key conflict);
 * 404s and edge-proxy 502/504s are bare text or HTML.
 */
function describeFailure(response: ProviderResponse): { message: string; code?: string } {
  const body = response.body;
  if (isRecord(body) && typeof body.ErrorNumber === 'number') {
    const messages = validationErrors(body.Elements);
    const message = messages.length > 0 ? sentences(messages) : (text(body.Message) ?? `Xero answered ${response.status}`);
    return { message, code: String(body.ErrorNumber) };
  }
  if (isRecord(body) && (text(body.Detail) || text(body.Title))) {
    const title = text(body.Title);
    const detail = text(body.Detail);
    const message = title && detail ? `${title}: ${detail}` : (detail ?? title ?? '');
    // "TokenExpired: token expired at ...", "AuthenticationUnsuccessful": the reason's name.
    const code = detail ? /^([A-Za-z]+)(?::|$)/.exec(detail)?.[1] : undefined;
    return code ? { message, code } : { message };
  }
  const bare = typeof body === 'string' && !/^\s*</.test(body) ? `: ${body.trim().slice(0, 200)}` : '';
  return { message: `Xero answered ${response.status}${bare}` };
}

function rateLimited(response: ProviderResponse, now: number): RateLimited {
  const problem = text(response.headers.get('x-rate-limit-problem'));
  const app = problem?.toLowerCase().replace(/[^a-z]/g, '') === APP_MINUTE_PROBLEM;
  const given = retryAfterMs(response.headers, now);
  // Without Retry-After: the app minute limit resets within a minute, at a time Xero does not
  // tell; the concurrency limit frees up when a request ends (the descriptor's short wait). An
  // operator may replace either guess.
  const waitMs = given ?? (app ? MINUTE_QUOTA_PAUSE_MS : xero.throttleWaitMs);
  const error = new RateLimited('xero', waitMs, {
    status: 429,
    documentedWait: given === undefined,
    scope: app ? 'app' : 'connection',
    ...(problem ? { providerCode: problem } : {}),
  });
  // Which of Xero's limits is spent (minute, day, appminute, concurrent) is what an operator needs.
  if (problem) {
    const whose = app ? "for every tenant of this app (the app's calls across all its tenants)" : 'for this tenant';
    error.message = `Xero's ${problem} limit is spent ${whose} (X-Rate-Limit-Problem: ${problem}); retry in ${Math.ceil(waitMs / 1000)} s`;
  }
  return error;
}

/**
 * How long Xero keeps an Idempotency-Key's answer: six minutes from the first call (NOTES.md).
 * Xero caches an internal 500 under the key too, so the same key re-sent sooner gets the same 500.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 6 * 60_000;
/** Past the retention, so the re-send is not answered from the cache by a clock a little behind Xero's. */
const KEY_EXPIRY_MARGIN_MS = 5_000;

/**
 * The `ProviderError` the worker acts on for an answer that is not a success. `keyed`: the request
 * carried an Idempotency-Key, so a 500 (Xero's API failing inside) is cached under it: the re-send
 * waits until the key has expired (the worker looks the account up by Code first), rather than
 * spending its attempts on the cached 500. A gateway 503 and an edge proxy's 502/504 are not cached.
 */
export function classifyXeroFailure(response: ProviderResponse, now = Date.now(), options: { keyed?: boolean } = {}): ProviderError {
  const { status } = response;
  if (status === 429) return rateLimited(response, now);
  const { message, code } = describeFailure(response);
  const details = { status, ...(code ? { providerCode: code } : {}) };
  // Any 401 (expired, revoked or unreadable token): refresh once, then retry.
  if (status === 401) return new CredentialsExpired('xero', message, details);
  if (status >= 500) {
    const given = retryAfterMs(response.headers, now);
    const wait = given ?? (options.keyed && status === 500 ? IDEMPOTENCY_KEY_RETENTION_MS + KEY_EXPIRY_MARGIN_MS : undefined);
    return new ProviderUnavailable('xero', message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  // 400 validation (ErrorNumber 10), undeserialisable body (14), Idempotency-Key conflict; 403 (the
  // connection no longer grants the tenant), 404, 415.
  if (status >= 400) return new ProviderRejected('xero', message, details);
  return new UnexpectedResponse('xero', `Xero answered ${status}`, { status });
}

export interface XeroRequest {
  method: 'GET' | 'PUT' | 'POST';
  /** Under `/api.xro/2.0`, e.g. `/Accounts`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The same key on every attempt: Xero answers a create it already did with its first answer. */
  idempotencyKey?: string;
  /** Xero's own request headers beyond auth and tenant (`If-Modified-Since` on a pull). */
  headers?: Record<string, string>;
}

/** One Accounting API request for the connection's tenant (`xero-tenant-id`), in JSON: without Accept JSON Xero answers XML. */
export function sendXero(context: ConnectionContext, request: XeroRequest): Promise<ProviderResponse> {
  return sendJson('xero', context, {
    method: request.method,
    url: `${context.baseUrl.replace(/\/$/, '')}${API_PATH}${request.path}`,
    ...(request.query ? { query: request.query } : {}),
    headers: {
      Authorization: `Bearer ${context.accessToken}`,
      'xero-tenant-id': context.tenantId,
      ...request.headers,
      ...(request.idempotencyKey === undefined ? {} : { 'Idempotency-Key': request.idempotencyKey }),
    },
    body: request.body,
  });
}
