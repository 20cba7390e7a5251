import type { RateState } from './store.js';
import type { FakeFault } from './types.js';

const WINDOW_MS = 60_000;

/**
 * Admits a request against a realm's fixed one-minute window and in-flight cap, counting it when
 * admitted. A refused request counts against neither, so a client backing off recovers on time.
 */
export function admit(rate: RateState, now: number, perMinute: number, maxConcurrent: number): boolean {
  if (now - rate.windowStart >= WINDOW_MS || now < rate.windowStart) {
    rate.windowStart = now;
    rate.count = 0;
  }
  if (rate.count >= perMinute || rate.inFlight >= maxConcurrent) return false;
  rate.count++;
  rate.inFlight++;
  return true;
}

interface QueuedFault {
  fault: FakeFault;
  realmId: string | undefined;
  remaining: number;
}

/** Faults waiting for the next matching API requests, first queued first served. */
export class FaultQueue {
  private entries: QueuedFault[] = [];

  add(fault: FakeFault, realmId: string | undefined, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay must be a non-negative number of ms, got ${fault.ms}`);
    if (fault.kind === 'status' && ![429, 500, 502, 503, 504].includes(fault.status)) {
      throw new RangeError(`unsupported fault status ${String(fault.status)}`);
    }
    this.entries.push({ fault, realmId, remaining: times });
  }

  /** The fault for this request, consuming one of its uses, or undefined. */
  take(realmId: string): FakeFault | undefined {
    const index = this.entries.findIndex((entry) => entry.realmId === undefined || entry.realmId === realmId);
    const entry = this.entries[index];
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) this.entries.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.entries = [];
  }
}
