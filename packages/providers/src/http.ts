import { parseJsonExact, stringifyJsonExact } from '@ledgersync/unified';
import { ProviderUnavailable } from './errors.js';
import type { ConnectionContext } from './types.js';

export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Aborts the request when the job is being shut down. */
  signal?: AbortSignal;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON (numbers keep their digits) when the body is JSON, the text otherwise, null when empty. */
  body: unknown;
  text: string;
}

/**
 * One HTTP exchange with a provider. Network failures and timeouts become `ProviderUnavailable`
 * (transient): the caller decides whether re-sending is safe (idempotency key, lookup first).
 */
export async function send(provider: string, request: ProviderRequest): Promise<ProviderResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (cause) {
    const timedOut = timeout.aborted;
    throw new ProviderUnavailable(
      provider,
      timedOut ? `${provider} did not answer within ${request.timeoutMs} ms` : `could not reach ${provider}: ${describe(cause)}`,
      { cause },
    );
  }
  return { status: response.status, headers: response.headers, body: parseBody(text), text };
}

export interface JsonRequest {
  method: ProviderRequest['method'];
  /** The URL without its query string. */
  url: string;
  /** Query parameters, in the order they are sent. */
  query?: Record<string, string>;
  /** The provider's own headers: its authorization scheme, where the tenant goes, idempotency. */
  headers: Record<string, string>;
  /** Sent as JSON, numbers with their digits (exact-json.ts). */
  body?: unknown;
}

/** A JSON request to a provider on a connection: its timeout and AbortSignal, JSON both ways. */
export function sendJson(provider: string, context: ConnectionContext, request: JsonRequest): Promise<ProviderResponse> {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const hasBody = request.body !== undefined;
  return send(provider, {
    method: request.method,
    url: url.toString(),
    headers: { ...request.headers, Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
    ...(hasBody ? { body: stringifyJsonExact(request.body) } : {}),
    timeoutMs: context.timeoutMs,
    ...(context.signal ? { signal: context.signal } : {}),
  });
}

function parseBody(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return parseJsonExact(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date), when present and sane. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
