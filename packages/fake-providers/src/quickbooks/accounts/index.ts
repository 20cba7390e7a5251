import { parseJsonExact, stringifyJsonExact } from '@ledgersync/unified';
import { PerTenant } from '../../shared/objects.js';
import { DEFAULT_CHART } from '../books/default-chart.js';
import type { CompanyFacts } from '../company.js';
import { unsupportedOperation } from '../faults.js';
import type { Books } from '../lists/entities.js';
import { COMPANY_PATH } from '../routes.js';
import type { QueryTable } from '../query.js';
import type { ChangeFeed, QuickbooksObject } from '../routes.js';
import { parseAccountInput } from './input.js';
import { ACCOUNT_QUERY_FIELDS } from './query-fields.js';
import { AccountStore, snapshot } from './store.js';
import type { QuickbooksAccount } from './types.js';
import { updateAccount } from './update.js';
import { accountXml } from './xml.js';

/** The account settings of the fake's options. */
export interface AccountSettings {
  requireParentSameType: boolean;
  /** Each realm's Ids start after this (the fake's `idsAfter`), or after its default chart's. */
  idsAfter: number;
  /** What a new realm starts with. */
  books: Books;
  /** The fake's clock. */
  now(): number;
  /** When the realm's company was made: the default chart's times. */
  createdAt(realmId: string): number;
  /** What the realm's company country decides (home currency, AcctNum length). */
  company(realmId: string): CompanyFacts;
}

/** The Account entity: create, read by Id, `/query`. */
export interface QuickbooksAccounts extends QuickbooksObject {
  /** A realm's accounts as the API answers them, ordered by Id. */
  list(realmId: string): QuickbooksAccount[];
  /** Makes an account inactive (the customer's doing in QuickBooks: no create makes one). */
  deactivate(realmId: string, id: string): void;
  /** Adds `count` accounts to a realm at once (tests and benchmarks of large charts). */
  seed(realmId: string, count: number): void;
}

/** A realm's store, with a new company's default chart when the fake's books say so. */
function newRealm(realmId: string, settings: AccountSettings): AccountStore {
  const store = new AccountStore(0);
  if (settings.books === 'default') {
    const now = settings.createdAt(realmId);
    const company = settings.company(realmId);
    const rules = { requireParentSameType: true, company };
    for (const entry of DEFAULT_CHART) {
      const parentId = entry.parent === undefined ? undefined : store.holder('name', entry.parent);
      const body = { Name: entry.Name, AccountType: entry.AccountType, AccountSubType: entry.AccountSubType, ...(parentId ? { ParentRef: { value: parentId } } : {}) };
      const account = store.create(parseAccountInput(body, company), now, rules);
      if (entry.system) store.system.add(account.Id);
    }
  }
  store.skipIdsTo(settings.idsAfter);
  return store;
}

export function quickbooksAccounts(settings: AccountSettings): QuickbooksAccounts {
  const stores = new PerTenant((realmId) => newRealm(realmId, settings));
  const answered = (account: QuickbooksAccount): Record<string, unknown> => ({ ...snapshot(account) });
  const query: QueryTable<QuickbooksAccount> = {
    entity: 'Account',
    fields: ACCOUNT_QUERY_FIELDS,
    // Intuit's own query sample lists accounts alphabetically when no ORDERBY is given.
    defaultOrder: 'fullyqualifiedname',
    // Intuit: "SELECT * FROM Customer" retrieves all active customers; a name list answers its
    // inactive records only to a query that filters on Active.
    activeField: 'active',
    rows: (realmId) => stores.of(realmId).accounts.values(),
    inIdOrder: (realmId) => stores.of(realmId).inIdOrder,
    id: (account) => Number(account.Id),
    snapshot,
  };
  const feed: ChangeFeed = {
    entity: 'Account',
    changedSince: (realmId, since) => {
      const store = stores.of(realmId);
      return store.changes.since(since).flatMap((id) => {
        const account = store.accounts.get(id);
        return account ? [{ record: answered(account), at: store.changedAt.get(id) ?? since }] : [];
      });
    },
  };
  return {
    entity: 'Account',
    xml: accountXml,
    query,
    feed,
    nameList: true,
    register(app, gateway) {
      // One endpoint creates and updates: a body with an Id is an update (Intuit's sparse or full update).
      const create = gateway.create('Account', (body, realmId, now, params) => {
        // Accounts are never deleted, only made inactive (Intuit's Account reference).
        if (params.operation === 'delete') throw unsupportedOperation('/account?operation=delete');
        const company = gateway.company(realmId);
        const store = stores.of(realmId);
        if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'Id' in body) {
          return answered(updateAccount(store, body as Record<string, unknown>, now, company));
        }
        const input = parseAccountInput(body, company);
        return answered(store.create(input, now, { requireParentSameType: settings.requireParentSameType, company }));
      });
      const read = gateway.read('Account', (id, realmId) => {
        const account = stores.of(realmId).accounts.get(id);
        return account === undefined ? undefined : answered(account);
      });
      app.post(`${COMPANY_PATH}/account`, gateway.api(create));
      app.get(`${COMPANY_PATH}/account/:id`, gateway.api(read));
    },
    // Through JSON: balances are plain numbers unless a double would change their digits (then a
    // JsonNumber holding them).
    list: (realmId) =>
      [...stores.of(realmId).accounts.values()].map(
        (account) => parseJsonExact(stringifyJsonExact(snapshot(account))) as QuickbooksAccount,
      ),
    deactivate: (realmId, id) => {
      const store = stores.of(realmId);
      const account = store.accounts.get(id);
      if (account === undefined) throw new Error(`realm ${realmId} holds no account ${id}`);
      account.Active = false;
      store.commitUpdate(account, { name: account.Name, acctNum: account.AcctNum }, settings.now());
    },
    seed: (realmId, count) => stores.of(realmId).seed(count, settings.now(), settings.company(realmId)),
    reset: () => stores.clear(),
  };
}
