import { UniqueRecords } from '../../shared/unique-records.js';
import type { ZohoAccount } from './types.js';

/** How the fake compares names and codes: Zoho treats "Cash" and " cash " as the same account. */
function key(text: string): string {
  return text.trim().toLowerCase();
}

/** One organisation's chart of accounts, by account_id in creation order. */
export class AccountStore extends UniqueRecords<string, ZohoAccount, 'name' | 'code'> {
  constructor() {
    super({
      name: { of: (account) => account.account_name, normalize: key },
      // An account without a code holds no code.
      code: { of: (account) => (account.account_code === '' ? undefined : account.account_code), normalize: key },
    });
  }

  /** How many accounts sit directly under an account. */
  childCount(accountId: string): number {
    let count = 0;
    for (const account of this.records.values()) if (account.parent_account_id === accountId) count++;
    return count;
  }
}
