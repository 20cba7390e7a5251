import { UniqueRecords } from '../../shared/unique-records.js';
import type { SageLedgerAccount } from './types.js';

/** One business's ledger accounts, by id in creation order. Nominal codes are unique per business; names are not. */
export class LedgerAccountStore extends UniqueRecords<string, SageLedgerAccount, 'nominalCode'> {
  constructor() {
    super({ nominalCode: { of: (account) => String(account.nominal_code) } });
  }
}
