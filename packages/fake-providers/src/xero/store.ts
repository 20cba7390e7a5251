import type { XeroAnswer } from './answers.js';
import type { XeroAccount } from './types.js';

interface Remembered {
  fingerprint: string;
  answer: XeroAnswer;
  expiresAt: number;
}

/** `Idempotency-Key` → first answer, for a fixed time from the key's first use. */
export class IdempotencyCache {
  // Insertion order is first-use order, so expired entries are always at the front.
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): { fingerprint: string; answer: XeroAnswer } | undefined {
    this.sweep();
    return this.entries.get(key);
  }

  set(key: string, fingerprint: string, answer: XeroAnswer): void {
    this.sweep();
    if (!this.entries.has(key)) this.entries.set(key, { fingerprint, answer, expiresAt: this.now() + this.ttlMs });
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

/** Everything the fake knows about one Xero organisation (tenant). */
export class TenantState {
  /** By AccountID, in creation order. */
  readonly accounts = new Map<string, XeroAccount>();
  readonly idempotency: IdempotencyCache;
  // Xero compares names (and, here, codes) case-insensitively.
  private readonly byName = new Map<string, string>();
  private readonly byCode = new Map<string, string>();

  constructor(idempotencyTtlMs: number, now: () => number) {
    this.idempotency = new IdempotencyCache(idempotencyTtlMs, now);
  }

  nameTaken(name: string): boolean {
    return this.byName.has(name.trim().toLowerCase());
  }

  codeTaken(code: string): boolean {
    return this.byCode.has(code.trim().toLowerCase());
  }

  insert(account: XeroAccount): void {
    this.accounts.set(account.AccountID, account);
    this.byName.set(account.Name.toLowerCase(), account.AccountID);
    this.byCode.set(account.Code.toLowerCase(), account.AccountID);
  }
}
