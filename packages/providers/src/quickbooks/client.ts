import { CredentialsExpired, type ProviderError, ProviderRejected, ProviderUnavailable, RateLimited } from '../errors.js';
import { type ProviderResponse, retryAfterMs, sendJson } from '../http.js';
import type { ConnectionContext } from '../types.js';
import { quickbooks } from './descriptor.js';

// QuickBooks uses API minor version 75 and later; earlier ones are retired.
const MINOR_VERSION = '75';

export interface QuickbooksFaultError {
  message: string | undefined;
  detail: string | undefined;
  code: string | undefined;
}

/** Reads a value whatever the key's case: Intuit sends `Fault`/`fault`, `Error`/`error`, `Message`/`message`. */
export function pick(object: unknown, key: string): unknown {
  if (!object || typeof object !== 'object') return undefined;
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** The Error entries of a Fault envelope, whatever the keys' case; none when the body has no Fault. */
export function faultErrors(body: unknown): QuickbooksFaultError[] {
  const errors = pick(pick(body, 'fault'), 'error');
  if (!Array.isArray(errors)) return [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return errors.map((error) => ({
    message: text(pick(error, 'message')),
    detail: text(pick(error, 'detail')),
    code: text(pick(error, 'code')),
  }));
}

function describeFault(errors: QuickbooksFaultError[], status: number): { message: string; code?: string } {
  const first = errors[0];
  if (!first) return { message: `QuickBooks answered ${status}` };
  const message = [first.message, first.detail].filter(Boolean).join(': ') || `QuickBooks answered ${status}`;
  return first.code ? { message, code: first.code } : { message };
}

/** The `ProviderError` a QuickBooks answer means, or undefined when it succeeded (a 200 without a Fault). */
export function quickbooksFailure(response: ProviderResponse, now = Date.now()): ProviderError | undefined {
  const errors = faultErrors(response.body);
  if (response.status === 200 && errors.length === 0) return undefined;
  const { message, code } = describeFault(errors, response.status);
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };
  if (response.status === 401) return new CredentialsExpired('quickbooks', message, details);
  if (response.status === 429 || code === '3001') {
    const given = retryAfterMs(response.headers, now);
    return new RateLimited('quickbooks', given ?? quickbooks.throttleWaitMs, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500) return new ProviderUnavailable('quickbooks', message, details);
  // 400 validation (6240 duplicate name, ...), 403 (3100), 404, and a 200 that carries a Fault.
  return new ProviderRejected('quickbooks', message, details);
}

/** Intuit's code for a Name another record of the company holds. */
export const DUPLICATE_NAME = '6240';

export interface QuickbooksRequest {
  method: 'GET' | 'POST';
  /** Under `/v3/company/{realmId}`, e.g. `/account`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** One request to the connection's company (realm), authenticated, at the API's minor version. */
export function sendQuickbooks(context: ConnectionContext, request: QuickbooksRequest): Promise<ProviderResponse> {
  return sendJson('quickbooks', context, {
    method: request.method,
    url: `${context.baseUrl.replace(/\/$/, '')}/v3/company/${encodeURIComponent(context.tenantId)}${request.path}`,
    query: { minorversion: MINOR_VERSION, ...request.query },
    headers: { Authorization: `Bearer ${context.accessToken}` },
    body: request.body,
  });
}
