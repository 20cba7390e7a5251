import type { SeededRange } from './seeds.js';
import type { SageLedgerAccount } from './types.js';

/**
 * One business's ledger accounts: the whole accounts (its default chart, those pushed, seeded ones
 * changed since) by id in creation order, and a range of seeded accounts held as numbers (see
 * `seeds.ts`). Nominal codes are unique per business ("Nominal code has already been taken");
 * names are not. Nothing is ever removed: Sage's help says a ledger account cannot be deleted.
 */
export class LedgerAccountStore {
  readonly records = new Map<string, SageLedgerAccount>();
  private readonly idsByCode = new Map<number, string>();
  private range: SeededRange | undefined;
  /** Indexes of seeded accounts changed since (their whole account is in `records`). */
  private readonly changed = new Set<number>();

  taken(code: number): boolean {
    if (this.idsByCode.has(code)) return true;
    const index = this.range?.indexOfCode(code);
    return index !== undefined && !this.changed.has(index);
  }

  /** Stores a new account whose nominal code was checked free. */
  insert(account: SageLedgerAccount): void {
    this.records.set(account.id, account);
    this.idsByCode.set(account.nominal_code, account.id);
  }

  /** An account by id, whole: a seeded one is made up on the way. */
  get(id: string): SageLedgerAccount | undefined {
    const found = this.records.get(id);
    if (found) return found;
    const index = this.range?.indexOf(id);
    return index === undefined || this.changed.has(index) ? undefined : this.range?.account(index);
  }

  /** Replaces an account with its changed version (its nominal code checked free when it changed). */
  replace(before: SageLedgerAccount, after: SageLedgerAccount): void {
    const index = this.range?.indexOf(before.id);
    if (index !== undefined) this.changed.add(index);
    if (this.idsByCode.get(before.nominal_code) === before.id) this.idsByCode.delete(before.nominal_code);
    this.insert(after);
  }

  seed(range: SeededRange): void {
    if (this.range) throw new Error('this business already has seeded ledger accounts');
    for (let index = 0; index < range.count; index++) {
      if (this.idsByCode.has(range.firstCode + index)) throw new Error(`nominal code ${range.firstCode + index} is taken: seed elsewhere`);
    }
    this.range = range;
  }

  get seeded(): SeededRange | undefined {
    return this.range;
  }

  /** Seeded indexes changed since, ascending. */
  changedSeeds(): number[] {
    return [...this.changed].sort((a, b) => a - b);
  }

  /** Every account, whole: the records in creation order, then the seeded ones never changed. */
  all(): SageLedgerAccount[] {
    const accounts = [...this.records.values()];
    const range = this.range;
    if (range) for (let index = 0; index < range.count; index++) if (!this.changed.has(index)) accounts.push(range.account(index));
    return accounts;
  }
}
