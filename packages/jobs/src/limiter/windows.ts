/**
 * The most timestamps that fall within any window of `periodMs` (a sliding window over the sorted
 * times): what a provider that counts requests per rolling window would see. Tests and the
 * benchmark check a limit with it.
 */
export function maxInAnyWindow(times: readonly number[], periodMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= periodMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** A request as a provider may count it: at any moment from its start to its end. */
export interface RequestSpan {
  start: number;
  end: number;
}

/**
 * The most requests a provider could count in one window of `periodMs` when each may arrive at any
 * moment of its span: for each request, itself and every one started before it that had not ended
 * a period before it started. Tests check a limiter that counts from ends with it.
 */
export function maxInAnyWindowOfSpans(requests: readonly RequestSpan[], periodMs: number): number {
  const byStart = [...requests].sort((a, b) => a.start - b.start);
  return Math.max(
    0,
    ...byStart.map((request, i) => 1 + byStart.slice(0, i).filter((before) => before.end > request.start - periodMs).length),
  );
}
