import { UniqueRecords } from '../../shared/unique-records.js';
import type { XeroAccount } from './types.js';

/** One organisation's (tenant's) accounts, by AccountID in creation order. */
export class AccountStore extends UniqueRecords<string, XeroAccount, 'name' | 'code'> {
  /** The accounts created through `PUT /Accounts` (the organisation's own chart aside). */
  readonly created = new Set<string>();
  /** Accounts a transaction uses (a test's knob): Xero deletes only accounts no transaction uses. */
  readonly used = new Set<string>();

  constructor() {
    // Xero compares names (and, here, codes) case-insensitively, spaces around them aside.
    const key = (text: string) => text.trim().toLowerCase();
    super({ name: { of: (account) => account.Name, normalize: key }, code: { of: (account) => account.Code, normalize: key } });
  }

  /** The account with this AccountID (stored lower-case; a GUID may be written in either case). */
  byId(accountId: string | undefined): XeroAccount | undefined {
    return this.records.get((accountId ?? '').toLowerCase());
  }
}
