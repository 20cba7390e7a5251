import { UniqueRecords } from '../../shared/unique-records.js';
import type { LedgerRules } from './rules.js';
import { uniquenessKey } from './rules.js';
import type { PennylaneLedgerAccount } from './types.js';

/**
 * One company's chart of accounts, by id in creation (and so id) order. `number` holds the
 * number, or the number and VAT rate together, as the `uniqueBy` setting says (see `uniquenessKey`).
 */
export class LedgerAccountStore extends UniqueRecords<number, PennylaneLedgerAccount, 'number'> {
  constructor(uniqueBy: LedgerRules['uniqueBy']) {
    super({ number: { of: (account) => uniquenessKey(account.number, account.vat_rate, uniqueBy) } });
  }
}
