import { ABANDONED_AFTER_MS, type Admission, type ConnectionLimiter, concurrencyWait, WINDOW_WIDENING_MS } from './limiter.js';
import type { RatePolicy, RateWindow } from './policy.js';

/** A job's place in a connection's line: when it was told to come back. */
interface Place {
  at: number;
  jobId: string;
}

/** One connection's state: what the Redis limiter keeps under the connection's keys. */
interface ConnectionState {
  /** Nobody sends before this (a 429's push-back). */
  blockedUntil: number;
  /** The jobs waiting for their turn, in order (time, then job id, as a Redis sorted set). */
  line: Place[];
  /** Each waiting job's time in `line`. */
  places: Map<string, number>;
  /** In-flight leases: job id → when the lease lapses (a dead job's share comes back). */
  leases: Map<string, number>;
  /** When the last requests ended, oldest first, as many as the largest limit. */
  ends: number[];
  /**
   * The windows (widened) of the policy each request was let through under, until released: a
   * spent quota is judged by them, as the Redis limiter does, even when an override changed since.
   */
  inFlight: Map<string, RateWindow[]>;
}

export interface InProcessLimiterOptions {
  /** The clock (ms); tests drive it by hand. */
  now?: () => number;
}

const before = (a: Place, b: Place) => a.at < b.at || (a.at === b.at && a.jobId < b.jobId);

/** Where `place` stands (or would stand) in the line: how many places come before it. */
function rankOf(line: readonly Place[], place: Place): number {
  let low = 0;
  let high = line.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(line[middle] as Place, place)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The connection limiter for the embedded mode, where one process runs every worker: the same
 * rules as the Redis limiter (every window holds, counting requests from their end; a waiting job
 * keeps its place in line, late or not; in-flight leases expire; a push-back holds the whole
 * connection, an app's hold all its connections; see "Everything a connection's limiter keeps"
 * in limiter.ts), kept in memory. Each call runs to completion without awaiting, so, like the
 * Redis script, it is atomic.
 * limiter.contract.test.ts holds the two to the same answers.
 */
export function createInProcessLimiter(options: InProcessLimiterOptions = {}): ConnectionLimiter {
  const now = options.now ?? Date.now;
  const connections = new Map<string, ConnectionState>();
  /** Per app: nobody of the app sends before this (its quota is spent). */
  const apps = new Map<string, number>();
  const stateOf = (connectionId: string) => {
    let state = connections.get(connectionId);
    if (!state) {
      state = { blockedUntil: 0, line: [], places: new Map(), leases: new Map(), ends: [], inFlight: new Map() };
      connections.set(connectionId, state);
    }
    return state;
  };

  const ended = (state: ConnectionState, at: number) => state.ends.push(Math.max(at, state.ends.at(-1) ?? at));

  /** Whether a window is full at `at`: the requests that ended within its period, plus those in flight, reach its limit. */
  function full(state: ConnectionState, { limit, periodMs }: RateWindow, at: number, flying: number): boolean {
    const free = limit - flying;
    return free <= 0 || (state.ends.length >= free && (state.ends[state.ends.length - free] as number) > at - periodMs);
  }

  const until = (delayMs: number) => now() + Math.max(0, Math.round(delayMs));

  function hold(state: ConnectionState, delayMs: number): void {
    state.blockedUntil = Math.max(state.blockedUntil, until(delayMs));
  }

  function leave(state: ConnectionState, jobId: string): void {
    const at = state.places.get(jobId);
    if (at === undefined) return;
    state.line.splice(rankOf(state.line, { at, jobId }), 1);
    state.places.delete(jobId);
  }

  function join(state: ConnectionState, jobId: string, at: number): void {
    leave(state, jobId);
    const place = { at, jobId };
    state.line.splice(rankOf(state.line, place), 0, place);
    state.places.set(jobId, at);
  }

  function admit(state: ConnectionState, jobId: string, policy: RatePolicy, at: number): Admission {
    const windows = policy.windows.map((w) => ({ limit: w.limit, periodMs: w.periodMs + WINDOW_WIDENING_MS }));
    // Lapsed leases end in the order they lapsed (a shortened lease lapses before an older, longer
    // one), as the Redis script reads them from its sorted set.
    const lapsed = [...state.leases].filter(([, lapses]) => lapses <= at).sort(([, a], [, b]) => a - b);
    for (const [holder, lapses] of lapsed) {
      ended(state, lapses);
      state.leases.delete(holder);
    }
    if (state.leases.delete(jobId)) ended(state, at);
    const keep = Math.max(0, ...windows.map((w) => w.limit));
    state.ends = keep > 0 ? state.ends.slice(-keep) : [];
    const flying = state.leases.size;

    while ((state.line[0]?.at ?? Infinity) <= at - ABANDONED_AFTER_MS) leave(state, (state.line[0] as Place).jobId);
    const held = state.places.get(jobId);
    const waitFor = (until: number): Admission => ({ admitted: false, waitMs: until - at, reason: 'rate' });
    if (held !== undefined && held > at) return waitFor(held);
    const { ends, line } = state;
    const endAt = (fromLast: number) => ends[ends.length - fromLast] as number;

    // How many places in line come before `when`.
    const placesBefore = (when: number) => rankOf(line, { at: when, jobId: '' });
    // Held back by its own push-back, or by its app's hold (the app's quota is spent).
    const blockedUntil = Math.max(state.blockedUntil, policy.app === undefined ? 0 : (apps.get(policy.app) ?? 0));
    const room = () => blockedUntil <= at && !windows.some((window) => full(state, window, at, flying));
    // When there is room for this job after the `ahead` jobs in line from position `skip`, each
    // going at its time (now if that has passed), the requests in flight ending now.
    const turn = (skip: number, ahead: number) => {
      const timeAt = (i: number) => Math.max(at, (line[skip + i] as Place).at);
      let when = Math.max(at, blockedUntil, ahead > 0 ? timeAt(ahead - 1) : at);
      for (const { limit, periodMs } of windows) {
        let from: number | undefined;
        if (ahead >= limit) from = timeAt(ahead - limit);
        else if (ahead + flying >= limit) from = at;
        else if (ends.length >= limit - ahead - flying) from = endAt(limit - ahead - flying);
        if (from !== undefined) when = Math.max(when, from + periodMs);
      }
      return when;
    };

    if (held !== undefined) {
      if (!room()) {
        // It takes the first place no one has been told to come back to; the others whose turn
        // has come too do the same as they ask.
        leave(state, jobId);
        const skip = placesBefore(at + 1);
        let ahead = 0;
        let when = turn(skip, ahead);
        for (let tries = 0; tries < 8 && placesBefore(when + 1) - skip > ahead; tries++) {
          ahead = placesBefore(when + 1) - skip;
          when = turn(skip, ahead);
        }
        // No room between the places given out: after the last of them.
        if (placesBefore(when + 1) - skip > ahead) when = turn(skip, line.length - skip);
        join(state, jobId, when);
        return waitFor(when);
      }
    } else {
      const when = turn(0, line.length);
      if (when > at) {
        join(state, jobId, when);
        return waitFor(when);
      }
    }
    if ((policy.concurrency ?? 0) > 0 && flying >= (policy.concurrency ?? 0)) {
      if (held === undefined) join(state, jobId, at);
      return concurrencyWait();
    }
    leave(state, jobId);
    state.leases.set(jobId, at + policy.leaseMs);
    state.inFlight.set(jobId, windows);
    return { admitted: true };
  }

  return {
    async admit(connectionId, jobId, policy) {
      return admit(stateOf(connectionId), jobId, policy, now());
    },
    async release(connectionId, jobId) {
      const state = connections.get(connectionId);
      state?.inFlight.delete(jobId);
      if (state?.leases.delete(jobId)) ended(state, now());
    },
    async pushBack(connectionId, delayMs) {
      hold(stateOf(connectionId), delayMs);
    },
    async holdApp(app, delayMs) {
      apps.set(app, Math.max(apps.get(app) ?? 0, until(delayMs)));
    },
    async othersWaiting(connectionId, prefix) {
      const state = connections.get(connectionId);
      const since = now() - ABANDONED_AFTER_MS;
      return state?.line.some((place) => place.at > since && !place.jobId.startsWith(prefix)) ?? false;
    },
    async quotaSpent(connectionId, jobId, pauseMs) {
      const state = stateOf(connectionId);
      const at = now();
      const flying = [...state.leases.values()].filter((lapses) => lapses > at).length;
      const windows = state.inFlight.get(jobId) ?? [];
      if (!windows.some((window) => full(state, window, at, flying))) hold(state, pauseMs);
    },
  };
}
