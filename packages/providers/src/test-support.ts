// Shared by the providers' tests only (excluded from the build).
import { randomUUID } from 'node:crypto';
import type { ProviderResponse } from './http.js';
import type { PushContext } from './types.js';

/** A provider's answer as `send()` hands it to a provider's reader. */
export const response = (status: number, body: unknown, headers: Record<string, string> = {}): ProviderResponse => ({
  status,
  body,
  text: typeof body === 'string' ? body : JSON.stringify(body),
  headers: new Headers(headers),
});

/** What a call throws, to assert on its class and fields; fails the test when it does not throw. */
export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A push to a fake's tenant: a fresh idempotency key, no parent, no mapped fields, unless given. */
export function pushContext(
  tenant: Pick<PushContext, 'baseUrl' | 'tenantId' | 'accessToken'>,
  overrides: Partial<PushContext> = {},
): PushContext {
  return { ...tenant, idempotencyKey: randomUUID(), parentRemoteId: null, timeoutMs: 5_000, mappedFields: {}, ...overrides };
}
