import { describe, expect, it } from 'vitest';
import { RateLimiter } from './limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('counts a fixed window that starts with the first request and refuses past its limit (Pennylane: 25 per 5 s)', () => {
    const c = clock();
    const limiter = new RateLimiter({ windows: [{ name: 'window', limit: 25, windowMs: 5_000, scope: 'tenant' }] }, c.now);
    for (let i = 0; i < 25; i++) {
      const admission = limiter.admit('t');
      expect(admission.admitted).toBe(true);
      if (admission.admitted) admission.release();
      c.advance(100);
    }
    const refused = limiter.admit('t');
    expect(refused).toMatchObject({ admitted: false, problem: 'window', retryAfterMs: 2_500 });
    expect(refused.windows).toEqual([{ name: 'window', limit: 25, remaining: 0, resetsInMs: 2_500 }]);
    c.advance(2_500);
    expect(limiter.admit('t')).toMatchObject({ admitted: true, windows: [{ remaining: 24, resetsInMs: 5_000 }] });
  });

  it('reports the exhausted window with the longest wait, and counts a refused request nowhere', () => {
    const c = clock();
    const limiter = new RateLimiter(
      {
        windows: [
          { name: 'minute', limit: 2, windowMs: 60_000, scope: 'tenant' },
          { name: 'day', limit: 2, windowMs: 86_400_000, scope: 'tenant' },
        ],
      },
      c.now,
    );
    limiter.admit('t');
    limiter.admit('t');
    expect(limiter.admit('t')).toMatchObject({ admitted: false, problem: 'day', retryAfterMs: 86_400_000 });
    expect(limiter.status('t').map((w) => w.remaining)).toEqual([0, 0]);
    c.advance(60_000);
    expect(limiter.admit('t')).toMatchObject({ admitted: false, problem: 'day' });
    // The refused request did not start a new minute window.
    expect(limiter.status('t')[0]).toMatchObject({ remaining: 2, resetsInMs: 60_000 });
  });

  it('shares app windows across tenants and keeps tenant windows apart', () => {
    const c = clock();
    const limiter = new RateLimiter(
      {
        windows: [
          { name: 'minute', limit: 1, windowMs: 60_000, scope: 'tenant' },
          { name: 'appminute', limit: 2, windowMs: 60_000, scope: 'app' },
        ],
      },
      c.now,
    );
    expect(limiter.admit('a').admitted).toBe(true);
    expect(limiter.admit('a')).toMatchObject({ admitted: false, problem: 'minute' });
    expect(limiter.admit('b').admitted).toBe(true);
    expect(limiter.admit('c')).toMatchObject({ admitted: false, problem: 'appminute' });
  });

  it('caps requests in flight per tenant until they are released, once each', () => {
    const limiter = new RateLimiter({ windows: [], maxInFlight: 2 }, clock().now);
    const first = limiter.admit('t');
    const second = limiter.admit('t');
    expect(limiter.admit('t')).toEqual({ admitted: false, windows: [], problem: 'concurrent', retryAfterMs: undefined });
    expect(limiter.admit('other').admitted).toBe(true);
    if (!first.admitted || !second.admitted) throw new Error('not admitted');
    first.release();
    first.release();
    expect(limiter.admit('t').admitted).toBe(true);
    expect(limiter.admit('t').admitted).toBe(false);
  });

  it('forgets every count on reset, and a release from before the reset does not free a new slot', () => {
    const limiter = new RateLimiter(
      { windows: [{ name: 'minute', limit: 1, windowMs: 60_000, scope: 'tenant' }], maxInFlight: 1 },
      clock().now,
    );
    const before = limiter.admit('t');
    limiter.reset();
    const after = limiter.admit('t');
    expect(after.admitted).toBe(true);
    if (before.admitted) before.release();
    limiter.reset();
    limiter.admit('t');
    expect(limiter.admit('t').admitted).toBe(false);
  });
});
