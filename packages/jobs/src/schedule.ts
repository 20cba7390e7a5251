const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Svix's schedule: after the first attempt, retry at 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_WEBHOOK_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

/** Parses `5s,5m,2h` into the waits (ms) before each retry; throws naming the bad entry. */
export function parseRetrySchedule(text: string): number[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(part);
    const unit = match?.[2] ? UNITS[match[2]] : undefined;
    if (!match || unit === undefined) throw new Error(`"${part.trim()}" is not a duration (e.g. 500ms, 5s, 5m, 2h, 1d)`);
    return Number(match[1]) * unit;
  });
}

/** The wait before retry number `attemptsMade` (1 after the first failure), with up to 10 % jitter. */
export function scheduledDelay(schedule: readonly number[], attemptsMade: number, random = Math.random): number {
  const base = schedule[Math.min(attemptsMade, schedule.length) - 1] ?? 0;
  return Math.round(base * (1 + random() * 0.1));
}
