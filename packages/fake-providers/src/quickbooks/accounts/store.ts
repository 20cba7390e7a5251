import { amountCents, centsAmount } from '../amounts.js';
import { businessValidation, duplicateName, invalidReference } from '../faults.js';
import { UniqueRecords } from '../../shared/unique-records.js';
import { ChangeLog } from '../change-log.js';
import type { CompanyFacts } from '../company.js';
import { intuitDateTime } from '../time.js';
import type { AccountInput } from './input.js';
import type { QuickbooksAccount } from './types.js';

const CURRENCIES: Record<string, string> = {
  USD: 'United States Dollar',
  EUR: 'Euro',
  GBP: 'British Pound Sterling',
  CAD: 'Canadian Dollar',
  AUD: 'Australian Dollar',
  NZD: 'New Zealand Dollar',
  JPY: 'Japanese Yen',
  CHF: 'Swiss Franc',
  INR: 'Indian Rupee',
  MXN: 'Mexican Peso',
  SEK: 'Swedish Krona',
  NOK: 'Norwegian Krone',
  DKK: 'Danish Krone',
  PLN: 'Polish Zloty',
  ZAR: 'South African Rand',
  SGD: 'Singapore Dollar',
  HKD: 'Hong Kong Dollar',
  CNY: 'Chinese Yuan Renminbi',
  BRL: 'Brazilian Real',
};
// Intuit: FullyQualifiedName is "limited to 5 levels".
const MAX_DEPTH = 5;

/** One company's (realm's) chart of accounts. */
export class AccountStore {
  // QuickBooks compares names case-insensitively, account numbers exactly.
  private readonly unique = new UniqueRecords<string, QuickbooksAccount, 'name' | 'acctNum'>({
    name: { of: (account) => account.Name, normalize: (name) => name.toLowerCase() },
    acctNum: { of: (account) => account.AcctNum },
  });
  /** Nesting depth of each account, 1 for top-level. */
  private readonly depth = new Map<string, number>();
  /** In Id order, so that a page of a full read is a slice. */
  readonly inIdOrder: QuickbooksAccount[] = [];
  /** For change data capture, with each account's last change in epoch ms (MetaData keeps seconds). */
  readonly changes = new ChangeLog();
  readonly changedAt = new Map<string, number>();
  /** Accounts QuickBooks will not make inactive (Undeposited Funds, Opening Balance Equity, Retained Earnings). */
  readonly system = new Set<string>();
  private nextId: number;
  private seeded = 0;

  /** `idsAfter`: the Ids of this realm start after it (see the fake's `idsAfter` option). */
  constructor(idsAfter = 0) {
    this.nextId = idsAfter + 1;
  }

  /** By Id, in creation (and so Id) order. */
  get accounts(): ReadonlyMap<string, QuickbooksAccount> {
    return this.unique.records;
  }

  /** Ids handed out from now on come after `last` (the fake's `idsAfter`, past the default chart). */
  skipIdsTo(last: number): void {
    this.nextId = Math.max(this.nextId, last + 1);
  }

  /** The Id of the account holding a Name (case-insensitively) or an AcctNum. */
  holder(field: 'name' | 'acctNum', value: string): string | undefined {
    return this.unique.holder(field, value);
  }

  /**
   * `count` more accounts at once, for tests and benchmarks of large charts: expense accounts named
   * `Seeded account 000001`..., built without the create's checks (they hold by construction).
   */
  seed(count: number, now: number, company: CompanyFacts): void {
    const stamp = intuitDateTime(now, false);
    const currency = { value: company.homeCurrency, name: CURRENCIES[company.homeCurrency] ?? company.homeCurrency };
    for (let i = 0; i < count; i++) {
      let name: string;
      do {
        name = `Seeded account ${String(++this.seeded).padStart(6, '0')}`;
      } while (this.unique.taken('name', name));
      const id = String(this.nextId++);
      const zero = centsAmount(0n);
      this.store(
        {
          Name: name,
          SubAccount: false,
          FullyQualifiedName: name,
          Active: true,
          Classification: 'Expense',
          AccountType: 'Expense',
          AccountSubType: 'OtherMiscellaneousServiceCost',
          CurrentBalance: zero,
          CurrentBalanceWithSubAccounts: zero,
          CurrencyRef: { ...currency },
          domain: 'QBO',
          sparse: false,
          Id: id,
          SyncToken: '0',
          MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
        },
        1,
        now,
      );
    }
  }

  /**
   * Keeps an update `apply` made to `account` (its checks passed): unique fields re-indexed, the
   * sub-accounts' FullyQualifiedName after a rename, the next SyncToken and LastUpdatedTime.
   */
  commitUpdate(account: QuickbooksAccount, before: { name: string; acctNum: string | undefined }, now: number): void {
    this.unique.reindex(account.Id, { name: before.name, acctNum: before.acctNum }, account);
    if (before.name !== account.Name) this.renameUnder(account);
    account.SyncToken = String(Number(account.SyncToken) + 1);
    account.MetaData = { ...account.MetaData, LastUpdatedTime: intuitDateTime(now, false) };
    this.noteChange(account.Id, now);
  }

  private renameUnder(account: QuickbooksAccount): void {
    const parent = account.ParentRef ? this.unique.records.get(account.ParentRef.value) : undefined;
    account.FullyQualifiedName = parent ? `${parent.FullyQualifiedName}:${account.Name}` : account.Name;
    for (const child of this.inIdOrder) if (child.ParentRef?.value === account.Id) this.renameUnder(child);
  }

  private store(account: QuickbooksAccount, depth: number, now: number): void {
    this.unique.insert(account.Id, account);
    this.inIdOrder.push(account);
    this.depth.set(account.Id, depth);
    this.noteChange(account.Id, now);
  }

  private noteChange(id: string, now: number): void {
    this.changedAt.set(id, now);
    this.changes.record(id, now);
  }

  /**
   * Applies the company-level rules (references, nesting, uniqueness) and stores the account.
   * Throws a QboFault without side effects when a rule fails.
   */
  create(input: AccountInput, now: number, rules: { requireParentSameType: boolean; company: CompanyFacts }): QuickbooksAccount {
    const { requireParentSameType, company } = rules;
    let parent: QuickbooksAccount | undefined;
    let depth = 1;
    if (input.parentId !== undefined) {
      parent = this.unique.records.get(input.parentId);
      if (parent === undefined) throw invalidReference('ParentRef');
      if (requireParentSameType && parent.AccountType !== input.accountType) {
        throw businessValidation('A sub-account must have the same account type as its parent.', 'ParentRef');
      }
      depth = (this.depth.get(parent.Id) ?? 1) + 1;
      if (depth > MAX_DEPTH) throw businessValidation(`Sub-accounts can only be nested ${MAX_DEPTH} levels deep.`, 'ParentRef');
    }

    const currencyCode = (input.currency ?? parent?.CurrencyRef.value ?? company.homeCurrency).toUpperCase();
    const currencyName = CURRENCIES[currencyCode];
    if (currencyName === undefined) throw invalidReference('CurrencyRef');
    // "Income and expense accounts always use your home currency" (QuickBooks help, multicurrency).
    if (!input.typeInfo.balanceSheet && currencyCode !== company.homeCurrency) {
      throw businessValidation(
        `Only balance sheet accounts can have a currency other than the home currency (${company.homeCurrency}).`,
        'CurrencyRef',
      );
    }

    const clash = this.unique.holder('name', input.name);
    if (clash !== undefined) throw duplicateName(clash);
    if (input.acctNum !== undefined) {
      const numberClash = this.unique.holder('acctNum', input.acctNum);
      if (numberClash !== undefined) {
        throw businessValidation(`Another account is already using this number: ${input.acctNum}. Id=${numberClash}`, 'AcctNum');
      }
    }

    const id = String(this.nextId++);
    const stamp = intuitDateTime(now, false);
    const balance = input.openingBalance ?? 0n;
    const account: QuickbooksAccount = {
      Name: input.name,
      SubAccount: parent !== undefined,
      ...(parent ? { ParentRef: { value: parent.Id } } : {}),
      FullyQualifiedName: parent ? `${parent.FullyQualifiedName}:${input.name}` : input.name,
      Active: true,
      ...(input.typeInfo.classification ? { Classification: input.typeInfo.classification } : {}),
      AccountType: input.accountType,
      ...(input.accountSubType !== undefined ? { AccountSubType: input.accountSubType } : {}),
      ...(input.acctNum !== undefined ? { AcctNum: input.acctNum } : {}),
      ...(input.description !== undefined ? { Description: input.description } : {}),
      CurrentBalance: centsAmount(balance),
      CurrentBalanceWithSubAccounts: centsAmount(balance),
      CurrencyRef: { value: currencyCode, name: currencyName },
      domain: 'QBO',
      sparse: false,
      Id: id,
      SyncToken: '0',
      MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
    };
    this.store(account, depth, now);
    // A parent's roll-up includes every descendant's balance.
    for (let ancestor = parent; ancestor !== undefined && balance !== 0n; ) {
      ancestor.CurrentBalanceWithSubAccounts = centsAmount((amountCents(ancestor.CurrentBalanceWithSubAccounts) ?? 0n) + balance);
      ancestor = ancestor.ParentRef ? this.unique.records.get(ancestor.ParentRef.value) : undefined;
    }
    return account;
  }
}

/** A deep copy, so later roll-ups never change an answer already given (or replayed). */
export function snapshot(account: QuickbooksAccount): QuickbooksAccount {
  return {
    ...account,
    ...(account.ParentRef ? { ParentRef: { ...account.ParentRef } } : {}),
    CurrencyRef: { ...account.CurrencyRef },
    MetaData: { ...account.MetaData },
  };
}
