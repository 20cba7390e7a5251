/** An error that knows how long the provider asked us to wait (`Retry-After`, a throttle window). */
export interface HasRetryAfter {
  retryAfterMs?: number;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Delay before retry number `attemptsMade` (1 after the first failure): the provider's own wait
 * when it gave one, else exponential backoff with "equal jitter" (half fixed, half random), so
 * many jobs failing together do not come back together.
 */
export function retryDelay(attemptsMade: number, error: unknown, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const asked = (error as HasRetryAfter | undefined)?.retryAfterMs;
  if (typeof asked === 'number' && Number.isFinite(asked) && asked >= 0) {
    // A little spread after the provider's wait too, so a throttled burst does not return at once.
    return Math.round(asked + random() * Math.min(1_000, options.baseMs));
  }
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
