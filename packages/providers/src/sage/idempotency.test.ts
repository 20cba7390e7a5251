import { describe, expect, it } from 'vitest';
import { sageIdempotencyId } from './idempotency.js';

describe("Sage's idempotency_id from a push's key", () => {
  it("is a UUID's 32 hex digits, lower-cased: a push's first round", () => {
    expect(sageIdempotencyId('3F1D4C2E-8A6B-4E0F-9C7D-1A2B3C4D5E6F')).toBe('3f1d4c2e8a6b4e0f9c7d1a2b3c4d5e6f');
  });

  it('is 32 hex digits of SHA-256 for any other key, the same every time and another per round', () => {
    const round1 = sageIdempotencyId('3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f.1');
    expect(round1).toMatch(/^[0-9a-f]{32}$/);
    expect(sageIdempotencyId('3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f.1')).toBe(round1);
    expect(sageIdempotencyId('3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f.2')).not.toBe(round1);
    expect(round1).not.toBe('3f1d4c2e8a6b4e0f9c7d1a2b3c4d5e6f');
    // SHA-256 of "abc", whose first 32 hex digits are well known.
    expect(sageIdempotencyId('abc')).toBe('ba7816bf8f01cfea414140de5dae2223');
  });
});
