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
import { sage } from './descriptor.js';

/** One entry of Sage's error body (an array of these). */
interface SageDiagnosis {
  dataCode: string | undefined;
  message: string | undefined;
  source: string | undefined;
}

export const PROVIDER = 'sage';
const API_VERSION = '/v3.1';

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function diagnoses(body: unknown): SageDiagnosis[] {
  if (!Array.isArray(body)) return [];
  return body.map((entry) => {
    const item = record(entry) ?? {};
    return { dataCode: text(item.$dataCode), message: text(item.$message), source: text(item.$source) };
  });
}

/** `Nominal code has already been taken (nominal_code); ...`, Sage's words and the field they are about. */
function describe(errors: SageDiagnosis[], status: number): { message: string; code?: string } {
  const parts = errors
    .map((e) => (e.source ? `${e.message ?? 'invalid'} (${e.source})` : e.message))
    .filter((part): part is string => !!part);
  const message = parts.length > 0 ? parts.join('; ') : `Sage answered ${status}`;
  const code = errors[0]?.dataCode;
  return code ? { message, code } : { message };
}

/** The `ProviderError` a failed Sage answer means to the worker. */
export function classifySageFailure(response: ProviderResponse, now = Date.now()): ProviderError {
  const { message, code } = describe(diagnoses(response.body), response.status);
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };
  // Any 401 (expired token, or a business the user lost access to): refresh once, then give up.
  if (response.status === 401) return new CredentialsExpired(PROVIDER, message, details);
  if (response.status === 429) {
    // Sage sends no Retry-After (?): then the wait is the descriptor's, which an operator setting may replace.
    const given = retryAfterMs(response.headers, now);
    return new RateLimited(PROVIDER, given ?? sage.throttleWaitMs, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500) return new ProviderUnavailable(PROVIDER, message, details);
  if (response.status >= 400) return new ProviderRejected(PROVIDER, message, details);
  return new UnexpectedResponse(PROVIDER, `Sage answered ${response.status}`, details);
}

export interface SageRequest {
  method: 'GET' | 'POST';
  /** Under `/v3.1`, e.g. `/ledger_accounts`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** One request for the connection's business (`X-Business`), authenticated. */
export function sendSage(context: ConnectionContext, request: SageRequest): Promise<ProviderResponse> {
  return sendJson(PROVIDER, context, {
    method: request.method,
    url: `${context.baseUrl.replace(/\/$/, '')}${API_VERSION}${request.path}`,
    ...(request.query ? { query: request.query } : {}),
    headers: { Authorization: `Bearer ${context.accessToken}`, 'X-Business': context.tenantId },
    body: request.body,
  });
}
