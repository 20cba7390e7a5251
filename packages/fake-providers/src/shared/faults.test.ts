import { describe, expect, it } from 'vitest';
import { FaultQueue } from './faults.js';

const profile = (seed: number) => ({
  seed,
  faults: [
    { fault: { kind: 'status', status: 500 } as const, probability: 0.3 },
    { fault: { kind: 'delay', ms: 5_000 } as const, probability: 0.05 },
  ],
});

describe('random faults', () => {
  it('draws each fault near its probability, the same sequence for the same seed', () => {
    const draw = (seed: number) => {
      const queue = new FaultQueue();
      queue.setRandom(profile(seed), 'tenant');
      return Array.from({ length: 10_000 }, () => queue.take('tenant'));
    };
    const draws = draw(7);
    const share = (kind: string) => draws.filter((f) => f?.kind === kind).length / draws.length;
    expect(share('status')).toBeGreaterThan(0.28);
    expect(share('status')).toBeLessThan(0.32);
    expect(share('delay')).toBeGreaterThan(0.04);
    expect(share('delay')).toBeLessThan(0.06);
    expect(draw(7)).toEqual(draws);
    expect(draw(8)).not.toEqual(draws);
  });

  it('serves queued faults first and only the tenant the profile names', () => {
    const queue = new FaultQueue();
    queue.setRandom({ seed: 1, faults: [{ fault: { kind: 'reset' }, probability: 1 }] }, 'flaky');
    queue.add({ kind: 'status', status: 429 }, 'flaky', 1);
    expect(queue.take('flaky')).toEqual({ kind: 'status', status: 429 });
    expect(queue.take('flaky')).toEqual({ kind: 'reset' });
    expect(queue.take('steady')).toBeUndefined();
    queue.clear();
    expect(queue.take('flaky')).toBeUndefined();
  });

  it('refuses probabilities that add up to more than 1', () => {
    const queue = new FaultQueue();
    const faults = [
      { fault: { kind: 'reset' } as const, probability: 0.7 },
      { fault: { kind: 'status', status: 500 } as const, probability: 0.4 },
    ];
    expect(() => queue.setRandom({ faults }, undefined)).toThrow(RangeError);
  });
});
