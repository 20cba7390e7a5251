import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule, scheduledDelay } from './schedule.js';

describe('webhook retry schedule', () => {
  it("is Svix's by default, and read from a list of durations", () => {
    expect(parseRetrySchedule(DEFAULT_WEBHOOK_SCHEDULE)).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(parseRetrySchedule('50ms, 1s')).toEqual([50, 1_000]);
    expect(() => parseRetrySchedule('5s,soon')).toThrow(/"soon" is not a duration/);
  });

  it('waits the scheduled time for each retry, never less, at most 10 % more', () => {
    const schedule = [5_000, 300_000];
    expect(scheduledDelay(schedule, 1, () => 0)).toBe(5_000);
    expect(scheduledDelay(schedule, 2, () => 1)).toBe(330_000);
    expect(scheduledDelay(schedule, 9, () => 0)).toBe(300_000);
  });
});
