import type { FakeFault } from './types.js';

interface QueuedFault {
  fault: FakeFault;
  tenantId: string | undefined;
  remaining: number;
}

const STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Faults waiting for the next matching API requests, first queued first served. */
export class FaultQueue {
  private entries: QueuedFault[] = [];

  /** Queues a fault for `times` requests of `tenantId`, or of any tenant when it is undefined. */
  add(fault: FakeFault, tenantId: string | undefined, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay must be a non-negative number of ms, got ${fault.ms}`);
    if (fault.kind === 'status' && !STATUSES.has(fault.status)) throw new RangeError(`unsupported fault status ${String(fault.status)}`);
    this.entries.push({ fault, tenantId, remaining: times });
  }

  /** The fault for this request, consuming one of its uses, or undefined. */
  take(tenantId: string): FakeFault | undefined {
    const index = this.entries.findIndex((entry) => entry.tenantId === undefined || entry.tenantId === tenantId);
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
