/**
 * How many push jobs a connection may enqueue within a minute and stay in the fast lane: an
 * interactive client creates a few accounts at a time; a bulk import, a bulk retry or a sweep after
 * an outage creates thousands.
 */
export const FAST_LANE_PER_MINUTE = 50;

const MINUTE_MS = 60_000;
// BullMQ's largest priority (2^21 - 1).
const LOWEST_PRIORITY = 2_097_151;

/**
 * Picks the BullMQ priority of a connection's new push jobs. BullMQ runs jobs without a priority
 * before prioritized ones, first in first out, and prioritized ones by their number: a connection's
 * first {@link FAST_LANE_PER_MINUTE} jobs of a minute get none, and the ones after that get their
 * count within the minute. So a small connection's jobs are taken before a big one's backlog instead
 * of after it, and connections with backlogs take turns (each one's 100th job before any one's
 * 200th), while each keeps its own order. Counted in the process that enqueues, so enqueueing
 * costs no extra round trip; several API processes each count their share of a burst.
 */
export interface PushLanes {
  /** The priority of the connection's next job (0: none, the fast lane). */
  priorityOf(connectionId: string): number;
}

export function createPushLanes(now: () => number = Date.now): PushLanes {
  const minutes = new Map<string, { since: number; count: number }>();
  let swept = now();
  return {
    priorityOf(connectionId) {
      const at = now();
      // Forget the connections that enqueued nothing for a minute, once a minute.
      if (at - swept >= MINUTE_MS) {
        for (const [id, minute] of minutes) if (at - minute.since >= MINUTE_MS) minutes.delete(id);
        swept = at;
      }
      let minute = minutes.get(connectionId);
      if (!minute || at - minute.since >= MINUTE_MS) {
        minute = { since: at, count: 0 };
        minutes.set(connectionId, minute);
      }
      minute.count++;
      return minute.count > FAST_LANE_PER_MINUTE ? Math.min(minute.count, LOWEST_PRIORITY) : 0;
    },
  };
}
