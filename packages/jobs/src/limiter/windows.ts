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
