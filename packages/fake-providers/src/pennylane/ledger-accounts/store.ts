import { UniqueRecords } from '../../shared/unique-records.js';
import type { LedgerRules } from './rules.js';
import { uniquenessKey } from './rules.js';
import type { PennylaneLedgerAccount } from './types.js';

/**
 * One company's chart of accounts, by id in creation (and so id) order. `number` holds the
 * number, or the number and VAT rate together, as the `uniqueBy` setting says (see `uniquenessKey`).
 * `ordered()` keeps the accounts in an array between writes, so a cursor page of a chart of
 * 100,000 accounts starts by a binary search, not a scan.
 */
export class LedgerAccountStore extends UniqueRecords<number, PennylaneLedgerAccount, 'number'> {
  private kept: PennylaneLedgerAccount[] | undefined;

  constructor(uniqueBy: LedgerRules['uniqueBy']) {
    super({ number: { of: (account) => uniquenessKey(account.number, account.vat_rate, uniqueBy) } });
  }

  override insert(id: number, account: PennylaneLedgerAccount): void {
    super.insert(id, account);
    this.kept = undefined;
  }

  /** Rewrites an account in place (an update: its number, and so its uniqueness, unchanged). */
  rewrite(account: PennylaneLedgerAccount): void {
    this.records.set(account.id, account);
    this.kept = undefined;
  }

  /** Every account by ascending id. */
  ordered(): readonly PennylaneLedgerAccount[] {
    this.kept ??= [...this.records.values()];
    return this.kept;
  }

  /** The index in `ordered()` of the first account whose id is above `id`. */
  firstAfter(id: number): number {
    const accounts = this.ordered();
    let low = 0;
    let high = accounts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((accounts[middle]?.id ?? 0) <= id) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
