import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.js';

describe('retryDelay', () => {
  const options = { baseMs: 1_000, maxMs: 60_000 };

  it('grows exponentially, within [half, full] of the ceiling, and is capped', () => {
    expect(retryDelay(1, new Error('x'), { ...options, random: () => 0 })).toBe(500);
    expect(retryDelay(1, new Error('x'), { ...options, random: () => 1 })).toBe(1_000);
    expect(retryDelay(4, new Error('x'), { ...options, random: () => 0 })).toBe(4_000);
    expect(retryDelay(30, new Error('x'), { ...options, random: () => 1 })).toBe(60_000);
  });

  it('waits what the provider asked, plus a little spread', () => {
    const error = Object.assign(new Error('throttled'), { retryAfterMs: 60_000 });
    expect(retryDelay(1, error, { ...options, random: () => 0 })).toBe(60_000);
    expect(retryDelay(1, error, { ...options, random: () => 1 })).toBe(61_000);
  });
});
