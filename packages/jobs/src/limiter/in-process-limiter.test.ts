import { describe, expect, it } from 'vitest';
import { createInProcessLimiter } from './in-process-limiter.js';
import { parseRateWindow, type RatePolicy } from './policy.js';

// What the in-process limiter shares with the Redis one (windows, line, leases, push-back, spent
// quota, overrides) is in limiter.contract.test.ts, played against both. Here: what only it does.

describe('the in-process connection limiter', () => {
  it('starts with nothing to hold back: the Redis limiter seeds its windows after a data loss, this one has none to lose', async () => {
    // The embedded process is the only one sending, and its limiter lives as long as it does: a
    // new limiter is a new process, not a lost record while requests went on.
    let time = Date.UTC(2025, 0, 1);
    const policy: RatePolicy = { windows: [parseRateWindow('3/1s')], leaseMs: 5_000 };
    const limiter = createInProcessLimiter({ now: () => time });
    for (const id of ['a', 'b', 'c']) expect(await limiter.admit('conn', id, policy)).toEqual({ admitted: true });
    time += 10;
    const afterRestart = createInProcessLimiter({ now: () => time });
    for (const id of ['a', 'b', 'c']) expect(await afterRestart.admit('conn', id, policy)).toEqual({ admitted: true });
    expect(await afterRestart.admit('conn', 'd', policy)).toMatchObject({ admitted: false, reason: 'rate' });
  });
});
