import type { FakeFault, RandomFaults } from './types.js';

interface QueuedFault {
  fault: FakeFault;
  tenantId: string | undefined;
  remaining: number;
}

const STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** A small seeded generator (mulberry32), so a flaky run can be replayed with the same seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RandomProfile {
  tenantId: string | undefined;
  faults: RandomFaults['faults'];
  random: () => number;
}

/**
 * Faults waiting for the next matching API requests, first queued first served; then, for a
 * tenant with a random profile, a fault drawn with the profile's probabilities.
 */
export class FaultQueue {
  private entries: QueuedFault[] = [];
  private profiles: RandomProfile[] = [];

  /** Queues a fault for `times` requests of `tenantId`, or of any tenant when it is undefined. */
  add(fault: FakeFault, tenantId: string | undefined, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.validate(fault);
    this.entries.push({ fault, tenantId, remaining: times });
  }

  /** From now on, each request of `tenantId` (or any tenant) draws a fault from `profile`. */
  setRandom(profile: RandomFaults, tenantId: string | undefined): void {
    const total = profile.faults.reduce((sum, f) => sum + f.probability, 0);
    if (profile.faults.some((f) => !(f.probability >= 0)) || total > 1) {
      throw new RangeError(`fault probabilities must be non-negative and add up to at most 1, got ${total}`);
    }
    for (const { fault } of profile.faults) this.validate(fault);
    this.profiles = this.profiles.filter((p) => p.tenantId !== tenantId);
    this.profiles.push({ tenantId, faults: profile.faults, random: seededRandom(profile.seed ?? Date.now()) });
  }

  /** The fault for this request, consuming one of its uses, or a random one, or undefined. */
  take(tenantId: string): FakeFault | undefined {
    const index = this.entries.findIndex((entry) => entry.tenantId === undefined || entry.tenantId === tenantId);
    const entry = this.entries[index];
    if (entry === undefined) return this.draw(tenantId);
    entry.remaining--;
    if (entry.remaining === 0) this.entries.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.entries = [];
    this.profiles = [];
  }

  private draw(tenantId: string): FakeFault | undefined {
    const profile = this.profiles.find((p) => p.tenantId === tenantId) ?? this.profiles.find((p) => p.tenantId === undefined);
    if (!profile) return undefined;
    let roll = profile.random();
    for (const { fault, probability } of profile.faults) {
      if (roll < probability) return fault;
      roll -= probability;
    }
    return undefined;
  }

  private validate(fault: FakeFault): void {
    if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay must be a non-negative number of ms, got ${fault.ms}`);
    if (fault.kind === 'status' && !STATUSES.has(fault.status)) throw new RangeError(`unsupported fault status ${String(fault.status)}`);
  }
}
