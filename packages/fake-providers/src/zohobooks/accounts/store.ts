import type { ZohoAccount } from './types.js';

/** How the fake compares names and codes: Zoho treats "Cash" and " cash " as the same account. */
function key(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * One organisation's chart of accounts, by account_id in creation order, with the names (and
 * codes) it keeps unique. Every write bumps `version`, so a list can keep its sorted order and
 * child counts between pages of a large chart (100,000 accounts page in linear time).
 */
export class AccountStore {
  /** By id, in creation order. */
  readonly records = new Map<string, ZohoAccount>();
  private readonly names = new Map<string, string>();
  private readonly codes = new Map<string, string>();
  private children: Map<string, number> | undefined;
  version = 0;

  taken(field: 'name' | 'code', value: string, except?: string): boolean {
    const holder = (field === 'name' ? this.names : this.codes).get(key(value));
    return holder !== undefined && holder !== except;
  }

  /** Stores a new account, or replaces one (an update, re-keying its name and code). */
  put(account: ZohoAccount): void {
    this.remove(account.account_id);
    this.records.set(account.account_id, account);
    this.names.set(key(account.account_name), account.account_id);
    if (account.account_code !== '') this.codes.set(key(account.account_code), account.account_id);
    this.changed();
  }

  /** Replaces an account in place, keeping its position (Zoho's update keeps the account's id). */
  replace(account: ZohoAccount): void {
    const old = this.records.get(account.account_id);
    if (old === undefined) {
      this.put(account);
      return;
    }
    this.unkey(old);
    this.records.set(account.account_id, account);
    this.names.set(key(account.account_name), account.account_id);
    if (account.account_code !== '') this.codes.set(key(account.account_code), account.account_id);
    this.changed();
  }

  remove(accountId: string): void {
    const old = this.records.get(accountId);
    if (old === undefined) return;
    this.unkey(old);
    this.records.delete(accountId);
    this.changed();
  }

  /** How many accounts sit directly under an account (counted once per version). */
  childCount(accountId: string): number {
    if (this.children === undefined) {
      this.children = new Map();
      for (const account of this.records.values()) {
        if (account.parent_account_id !== '')
          this.children.set(account.parent_account_id, (this.children.get(account.parent_account_id) ?? 0) + 1);
      }
    }
    return this.children.get(accountId) ?? 0;
  }

  private unkey(account: ZohoAccount): void {
    if (this.names.get(key(account.account_name)) === account.account_id) this.names.delete(key(account.account_name));
    if (account.account_code !== '' && this.codes.get(key(account.account_code)) === account.account_id) {
      this.codes.delete(key(account.account_code));
    }
  }

  private changed(): void {
    this.version++;
    this.children = undefined;
  }
}
