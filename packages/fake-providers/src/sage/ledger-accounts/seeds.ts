import { createHash } from 'node:crypto';
import type { SageLedgerAccount } from './types.js';

/**
 * Ledger accounts seeded in bulk for tests and benchmarks (100,000 and more): held as a range of
 * nominal codes and one creation time, made into full accounts only when a page shows them, so
 * seeding costs nothing and a large chart costs no memory. An account of the range that is changed
 * (PUT) is held apart as a whole account from then on (`LedgerAccountStore`).
 */
export class SeededRange {
  /** The first 16 hex digits of every seeded id, per business; the index fills the other 16. */
  private readonly idPrefix: string;

  constructor(
    businessId: string,
    readonly firstCode: number,
    readonly count: number,
    private readonly build: (index: number) => SageLedgerAccount,
  ) {
    this.idPrefix = createHash('sha256').update(`sage-seed:${businessId}`).digest('hex').slice(0, 16);
  }

  idOf(index: number): string {
    return `${this.idPrefix}${index.toString(16).padStart(16, '0')}`;
  }

  /** The index of a seeded id, or undefined when the id is not one of this range. */
  indexOf(id: string): number | undefined {
    if (id.length !== 32 || !id.startsWith(this.idPrefix)) return undefined;
    const index = Number.parseInt(id.slice(16), 16);
    return Number.isSafeInteger(index) && index < this.count && this.idOf(index) === id ? index : undefined;
  }

  /** The index holding `code` in the range (whether or not it was changed since), or undefined. */
  indexOfCode(code: number): number | undefined {
    const index = code - this.firstCode;
    return index >= 0 && index < this.count ? index : undefined;
  }

  nameOf(index: number): string {
    return `Seeded Account ${this.firstCode + index}`;
  }

  /** The account as seeded (not as changed since). */
  account(index: number): SageLedgerAccount {
    return this.build(index);
  }
}
