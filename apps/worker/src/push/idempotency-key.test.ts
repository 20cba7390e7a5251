import { describe, expect, it } from 'vitest';
import { pushIdempotencyKey } from './idempotency-key.js';

const ID = '801f9ede-c698-4e66-a7fc-48d19eebaa4f';

describe('pushIdempotencyKey', () => {
  it('is the record id in the first round, as before retry rounds existed', () => {
    expect(pushIdempotencyKey(ID, 0)).toBe(ID);
  });

  it('differs for every retry round and stays within QuickBooks requestid length', () => {
    const keys = [0, 1, 2, 10, 2 ** 31 - 1].map((generation) => pushIdempotencyKey(ID, generation));
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(50);
  });

  it('refuses a generation that is not a count', () => {
    expect(() => pushIdempotencyKey(ID, -1)).toThrow(RangeError);
    expect(() => pushIdempotencyKey(ID, 1.5)).toThrow(RangeError);
  });
});
