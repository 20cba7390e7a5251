import type { SageLedgerAccount } from './types.js';

/** Everything the fake knows about one Sage business (tenant). */
export class BusinessState {
  /** By id, in creation order. */
  readonly accounts = new Map<string, SageLedgerAccount>();
  // Nominal codes are unique per business; names are not.
  private readonly byNominalCode = new Map<number, string>();

  nominalCodeTaken(code: number): boolean {
    return this.byNominalCode.has(code);
  }

  insert(account: SageLedgerAccount): void {
    this.accounts.set(account.id, account);
    this.byNominalCode.set(account.nominal_code, account.id);
  }
}
