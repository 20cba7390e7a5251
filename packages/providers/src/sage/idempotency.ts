import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sage's `idempotency_id` (32 hex digits, "a 32 character hyphenless GUID") for a push's
 * idempotency key, the same for the same key: a UUID (the record id, a push's first round) is its
 * own 32 hex digits; any other key (`<uuid>.<round>` for a retry round) the first 32 hex digits of
 * its SHA-256, so each round gets an id of its own.
 */
export function sageIdempotencyId(idempotencyKey: string): string {
  if (UUID.test(idempotencyKey)) return idempotencyKey.replaceAll('-', '').toLowerCase();
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 32);
}
