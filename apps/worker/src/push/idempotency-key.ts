/**
 * The idempotency key a push sends the provider (QuickBooks `requestid`, Xero `Idempotency-Key`,
 * Sage `idempotency_id`): the same on every attempt of a round, so a re-sent create whose answer
 * was lost is recognised, and new for each retry round, because Intuit and Xero answer a repeated
 * key with the first answer, a 4xx included: a retry after a permanent failure that reused the
 * key would get the old failure back without the provider looking at the record again.
 *
 * Round 0 is the record id, the key every attempt used before retry rounds existed, so a create in
 * flight across the upgrade is still recognised. At most 36 + 2 + 10 characters: within
 * QuickBooks' 50 and Xero's 128; a provider with a narrower format (Sage's 32 hex digits) derives
 * its own from this one.
 */
export function pushIdempotencyKey(recordId: string, retryGeneration: number): string {
  if (!Number.isSafeInteger(retryGeneration) || retryGeneration < 0) {
    throw new RangeError(`retry generation must be a non-negative integer, not ${retryGeneration}`);
  }
  return retryGeneration === 0 ? recordId : `${recordId}.${retryGeneration}`;
}
