import type { PennylaneLedgerAccount } from './types.js';

/** One company's chart of accounts. */
export class CompanyLedger {
  /** By id, in creation (and so id) order. */
  readonly accounts = new Map<number, PennylaneLedgerAccount>();
  private readonly keys = new Set<string>();

  taken(key: string): boolean {
    return this.keys.has(key);
  }

  insert(account: PennylaneLedgerAccount, key: string): void {
    this.accounts.set(account.id, account);
    this.keys.add(key);
  }
}

/** Every company's ledger, and the id sequence they share: Pennylane ids are unique across companies. */
export class LedgerStore {
  private companies = new Map<string, CompanyLedger>();
  private lastId = 0;

  company(companyId: string): CompanyLedger {
    let found = this.companies.get(companyId);
    if (found === undefined) {
      found = new CompanyLedger();
      this.companies.set(companyId, found);
    }
    return found;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** A copy of a company's accounts, for assertions. */
  snapshot(companyId: string): PennylaneLedgerAccount[] {
    return [...(this.companies.get(companyId)?.accounts.values() ?? [])].map((account) => ({ ...account }));
  }

  clear(): void {
    this.companies = new Map();
    this.lastId = 0;
  }
}
