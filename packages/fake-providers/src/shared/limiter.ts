/** One fixed window: at most `limit` requests per `windowMs`. */
export interface FixedWindow {
  /** Names the window in answers, e.g. Xero's `X-Rate-Limit-Problem: minute`. */
  name: string;
  limit: number;
  windowMs: number;
  /** `tenant`: each tenant has its own count; `app`: one count shared by every tenant of the fake. */
  scope: 'tenant' | 'app';
}

/** Everything a provider throttles on. */
export interface LimitPolicy {
  windows: readonly FixedWindow[];
  /** Requests of one tenant in flight at once; unlimited when absent. */
  maxInFlight?: number;
}

/** Where a window stands for a tenant, after the request was counted (or refused). */
export interface WindowStatus {
  name: string;
  limit: number;
  remaining: number;
  /** Until the window restarts; the full window when it has not started. */
  resetsInMs: number;
}

export type Admission =
  | { admitted: true; windows: WindowStatus[]; release: () => void }
  /**
   * `problem` is the exhausted window's name, or `concurrent` for the in-flight cap; `retryAfterMs`
   * is undefined for the in-flight cap, which frees up when a request ends, not at a known time.
   */
  | { admitted: false; windows: WindowStatus[]; problem: string; retryAfterMs: number | undefined };

interface Counter {
  start: number;
  count: number;
}

/** The name {@link Admission} gives the in-flight cap. */
export const CONCURRENT = 'concurrent';

/**
 * Fixed windows that start with the first request after the previous one ended (so each tenant
 * resets at its own time, as Xero's do) plus an in-flight cap per tenant. A refused request counts
 * against nothing, so a client that backs off as told recovers on time.
 */
export class RateLimiter {
  private counters = new Map<string, Counter>();
  private inFlight = new Map<string, { count: number }>();

  constructor(
    private readonly policy: LimitPolicy,
    private readonly now: () => number,
  ) {
    for (const window of policy.windows) {
      if (!(window.limit >= 0) || !(window.windowMs > 0)) throw new RangeError(`invalid window ${window.name}`);
    }
  }

  admit(tenantId: string): Admission {
    const now = this.now();
    const exhausted = this.policy.windows
      .map((window) => ({ window, counter: this.running(window, tenantId, now) }))
      .filter(({ window, counter }) => counter !== undefined && counter.count >= window.limit)
      .map(({ window, counter }) => ({ name: window.name, waitMs: (counter?.start ?? now) + window.windowMs - now }))
      // The longest wait is the one the client must honour.
      .sort((a, b) => b.waitMs - a.waitMs)[0];
    if (exhausted) return { admitted: false, windows: this.status(tenantId, now), problem: exhausted.name, retryAfterMs: exhausted.waitMs };
    const flight = this.flight(tenantId);
    if (this.policy.maxInFlight !== undefined && flight.count >= this.policy.maxInFlight) {
      return { admitted: false, windows: this.status(tenantId, now), problem: CONCURRENT, retryAfterMs: undefined };
    }
    for (const window of this.policy.windows) {
      const counter = this.running(window, tenantId, now);
      if (counter === undefined) this.counters.set(this.key(window, tenantId), { start: now, count: 1 });
      else counter.count++;
    }
    flight.count++;
    let released = false;
    return {
      admitted: true,
      windows: this.status(tenantId, now),
      // Bound to this request's entry, so a reset() while it is in flight cannot drive a new count negative.
      release: () => {
        if (released) return;
        released = true;
        flight.count--;
      },
    };
  }

  /** Where each window stands for a tenant, without counting a request. */
  status(tenantId: string, now = this.now()): WindowStatus[] {
    return this.policy.windows.map((window) => {
      const counter = this.running(window, tenantId, now);
      return {
        name: window.name,
        limit: window.limit,
        remaining: counter ? Math.max(0, window.limit - counter.count) : window.limit,
        resetsInMs: counter ? counter.start + window.windowMs - now : window.windowMs,
      };
    });
  }

  reset(): void {
    this.counters = new Map();
    this.inFlight = new Map();
  }

  private key(window: FixedWindow, tenantId: string): string {
    return window.scope === 'app' ? `app\u0000${window.name}` : `tenant\u0000${tenantId}\u0000${window.name}`;
  }

  /** The window's counter if it is running at `now`; an ended window starts again with the next admitted request. */
  private running(window: FixedWindow, tenantId: string, now: number): Counter | undefined {
    const counter = this.counters.get(this.key(window, tenantId));
    return counter !== undefined && now >= counter.start && now - counter.start < window.windowMs ? counter : undefined;
  }

  private flight(tenantId: string): { count: number } {
    let flight = this.inFlight.get(tenantId);
    if (flight === undefined) {
      flight = { count: 0 };
      this.inFlight.set(tenantId, flight);
    }
    return flight;
  }
}
