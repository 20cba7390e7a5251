import type { ZohoAccount } from './types.js';

/** How the fake compares names and codes: Zoho treats "Cash" and " cash " as the same account. */
function key(text: string): string {
  return text.trim().toLowerCase();
}

/** Everything the fake knows about one Zoho Books organisation. */
export class OrganizationState {
  /** By account_id, in creation order. */
  readonly accounts = new Map<string, ZohoAccount>();
  private readonly byName = new Map<string, string>();
  private readonly byCode = new Map<string, string>();

  nameTaken(name: string): boolean {
    return this.byName.has(key(name));
  }

  codeTaken(code: string): boolean {
    return this.byCode.has(key(code));
  }

  insert(account: ZohoAccount): void {
    this.accounts.set(account.account_id, account);
    this.byName.set(key(account.account_name), account.account_id);
    if (account.account_code !== '') this.byCode.set(key(account.account_code), account.account_id);
  }

  /** How many accounts sit directly under an account. */
  childCount(accountId: string): number {
    let count = 0;
    for (const account of this.accounts.values()) if (account.parent_account_id === accountId) count++;
    return count;
  }
}
