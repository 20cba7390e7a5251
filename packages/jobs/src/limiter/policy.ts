/** One rate window: at most `limit` requests in any `periodMs`. */
export interface RateWindow {
  limit: number;
  periodMs: number;
}

/**
 * How fast ledgersync may call a provider for one connection (the provider's tenant): every
 * window holds at once, and at most `concurrency` requests are in flight.
 */
export interface RatePolicy {
  windows: RateWindow[];
  concurrency?: number;
  /** How long an in-flight lease lives if its worker dies without releasing it. */
  leaseMs: number;
  /**
   * The app the connection's requests also count against (its provider: one app per provider for
   * an install). A hold on the app (the limiter's `holdApp`) holds this connection too.
   */
  app?: string;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `20/5s`, `500/min`, `5000/d` into a window; throws with the accepted form otherwise. */
export function parseRateWindow(text: string): RateWindow {
  const match = /^\s*(\d+)\s*\/\s*(\d*)\s*(ms|s|m|min|h|d)\s*$/.exec(text);
  const limit = Number(match?.[1]);
  const unit = match?.[3] ? UNITS[match[3]] : undefined;
  if (!match || !unit || !(limit > 0)) throw new Error(`"${text}" is not a rate: write LIMIT/PERIOD, e.g. 60/min, 20/5s, 5000/d`);
  const count = match[2] ? Number(match[2]) : 1;
  if (!(count > 0)) throw new Error(`"${text}" has an empty period`);
  return { limit, periodMs: count * unit };
}

export function formatRateWindow(window: RateWindow): string {
  for (const [unit, ms] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1_000],
  ] as const) {
    if (window.periodMs % ms === 0) {
      const count = window.periodMs / ms;
      return `${window.limit}/${count === 1 ? '' : count}${unit}`;
    }
  }
  return `${window.limit}/${window.periodMs}ms`;
}
