import { PerTenant } from '../../shared/objects.js';
import type { PennylaneLedgerAccount } from './types.js';

/** The third party Pennylane files under a ledger account: a supplier (401…) or a company customer (411…). */
export type ThirdPartyKind = 'supplier' | 'company_customer';

/**
 * A supplier or company customer the fake made beside a ledger account. Pennylane documents that
 * one is created, not its fields: the fake keeps the few its Company API v2 shows of either (an id,
 * a name, the ledger account it uses) and names it after the account's label (unconfirmed).
 */
export interface PennylaneThirdParty {
  id: number;
  name: string;
  ledger_account: { id: number };
}

/** "If the number starts with 401 (supplier) or 411 (customer) a corresponding supplier or company customer will also be created." */
const PREFIXES: Readonly<Record<string, ThirdPartyKind>> = { '401': 'supplier', '411': 'company_customer' };

/** What a new ledger account's number makes Pennylane create beside it, if anything. */
export function thirdPartyKindOf(number: string): ThirdPartyKind | undefined {
  const prefix = Object.keys(PREFIXES).find((p) => number.startsWith(p));
  return prefix === undefined ? undefined : PREFIXES[prefix];
}

/** Each company's suppliers and company customers made by ledger account creates, in creation order. */
export class ThirdParties {
  private readonly companies = new PerTenant(() => ({ supplier: [] as PennylaneThirdParty[], company_customer: [] as PennylaneThirdParty[] }));
  // Ids are unique across companies, each kind its own sequence (as Pennylane's tables would be).
  private lastId: Record<ThirdPartyKind, number>;

  constructor(private readonly idsAfter: number) {
    this.lastId = { supplier: idsAfter, company_customer: idsAfter };
  }

  /** Makes the third party a new ledger account's number calls for; none for other numbers. */
  createFor(companyId: string, account: PennylaneLedgerAccount): void {
    const kind = thirdPartyKindOf(account.number);
    if (kind === undefined) return;
    this.lastId[kind] += 1;
    this.companies.of(companyId)[kind].push({ id: this.lastId[kind], name: account.label, ledger_account: { id: account.id } });
  }

  /** A company's third parties of one kind (copies). */
  list(companyId: string, kind: ThirdPartyKind): PennylaneThirdParty[] {
    return (this.companies.find(companyId)?.[kind] ?? []).map((party) => structuredClone(party));
  }

  reset(): void {
    this.companies.clear();
    this.lastId = { supplier: this.idsAfter, company_customer: this.idsAfter };
  }
}
