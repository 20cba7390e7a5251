import { type Admission, type ConnectionLimiter, concurrencyWait, GRACE_MS, WINDOW_WIDENING_MS } from './limiter.js';
import type { RatePolicy } from './policy.js';

/** One connection's state: what the Redis limiter keeps under the connection's keys. */
interface ConnectionState {
  /** Nobody sends before this (a 429's push-back). */
  blockedUntil: number;
  /** The slot each waiting job holds, so it comes back to it rather than queueing again. */
  slots: Map<string, number>;
  /** In-flight leases: job id → when the lease lapses (a dead job's share comes back). */
  leases: Map<string, number>;
  /** Per window (by position in the policy), its last `limit` slots, oldest first. */
  windows: number[][];
}

export interface InProcessLimiterOptions {
  /** The clock (ms); tests drive it by hand. */
  now?: () => number;
}

// A slot this far in the past is forgotten even if its job never released it (the job died);
// the Redis limiter lets the same keys expire.
const FORGET_AFTER_MS = 60_000;

/**
 * The connection limiter for the embedded mode, where one process runs every worker: the same
 * rules as the Redis limiter (every window holds, a waiting job keeps its slot, a late one takes
 * a new slot, in-flight leases expire, a push-back holds the whole connection), kept in memory.
 * Each call runs to completion without awaiting, so, like the Redis script, it is atomic.
 */
export function createInProcessLimiter(options: InProcessLimiterOptions = {}): ConnectionLimiter {
  const now = options.now ?? Date.now;
  const connections = new Map<string, ConnectionState>();
  const stateOf = (connectionId: string) => {
    let state = connections.get(connectionId);
    if (!state) {
      state = { blockedUntil: 0, slots: new Map(), leases: new Map(), windows: [] };
      connections.set(connectionId, state);
    }
    return state;
  };

  function takeSlot(state: ConnectionState, policy: RatePolicy, at: number): number {
    let slot = Math.max(at, state.blockedUntil);
    policy.windows.forEach(({ limit }, i) => {
      const taken = state.windows[i] ?? [];
      const periodMs = (policy.windows[i]?.periodMs ?? 0) + WINDOW_WIDENING_MS;
      const last = taken.at(-1);
      if (last !== undefined) slot = Math.max(slot, last);
      const oldest = taken.length >= limit ? taken[taken.length - limit] : undefined;
      if (oldest !== undefined) slot = Math.max(slot, oldest + periodMs);
    });
    policy.windows.forEach(({ limit }, i) => {
      const taken = state.windows[i] ?? [];
      taken.push(slot);
      state.windows[i] = taken.slice(-limit);
    });
    return slot;
  }

  function forgetOldSlots(state: ConnectionState, policy: RatePolicy, at: number): void {
    const longest = Math.max(0, ...policy.windows.map((w) => w.periodMs + WINDOW_WIDENING_MS));
    for (const [jobId, slot] of state.slots) if (slot + longest + FORGET_AFTER_MS < at) state.slots.delete(jobId);
  }

  return {
    async admit(connectionId, jobId, policy): Promise<Admission> {
      const at = now();
      const state = stateOf(connectionId);
      const concurrency = policy.concurrency ?? 0;
      if (concurrency > 0) {
        for (const [holder, lapses] of state.leases) if (lapses <= at) state.leases.delete(holder);
        if (!state.leases.has(jobId) && state.leases.size >= concurrency) return concurrencyWait();
        state.leases.set(jobId, at + policy.leaseMs);
      }
      forgetOldSlots(state, policy, at);
      const held = state.slots.get(jobId);
      let slot = held !== undefined && at <= held + GRACE_MS ? held : undefined;
      if (slot === undefined) {
        slot = takeSlot(state, policy, at);
        state.slots.set(jobId, slot);
      }
      // A job told to wait holds its slot, not a lease: the lease is for requests in flight.
      if (slot > at && concurrency > 0) state.leases.delete(jobId);
      return slot > at ? { admitted: false, waitMs: slot - at, reason: 'rate' } : { admitted: true };
    },
    async release(connectionId, jobId) {
      const state = connections.get(connectionId);
      state?.leases.delete(jobId);
      state?.slots.delete(jobId);
    },
    async pushBack(connectionId, delayMs) {
      const state = stateOf(connectionId);
      state.blockedUntil = Math.max(state.blockedUntil, now() + Math.max(0, Math.round(delayMs)));
    },
  };
}
