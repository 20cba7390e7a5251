import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface IdempotentRequest {
  key: string;
  /** What must be identical for the key to be replayed: connection, query, body. */
  requestHash: string;
}

/** The request's `Idempotency-Key` and fingerprint; none without the header, 400 for a bad key. */
export function idempotencyOf(request: FastifyRequest, connectionId: string, parts: unknown): IdempotentRequest | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY.test(key)) {
    throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1 to 255 printable ASCII characters', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  const requestHash = createHash('sha256').update(canonical({ connectionId, parts })).digest('hex');
  return { key, requestHash };
}
