import { UniqueRecords } from '../../shared/unique-records.js';
import type { XeroAccount } from './types.js';

/** One organisation's (tenant's) accounts, by AccountID in creation order. */
export class AccountStore extends UniqueRecords<string, XeroAccount, 'name' | 'code'> {
  constructor() {
    // Xero compares names (and, here, codes) case-insensitively, spaces around them aside.
    const key = (text: string) => text.trim().toLowerCase();
    super({ name: { of: (account) => account.Name, normalize: key }, code: { of: (account) => account.Code, normalize: key } });
  }
}
