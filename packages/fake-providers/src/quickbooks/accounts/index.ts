import { parseJsonExact, stringifyJsonExact } from '@ledgersync/unified';
import { PerTenant } from '../../shared/objects.js';
import { COMPANY_PATH } from '../routes.js';
import type { QueryTable } from '../query.js';
import type { QuickbooksObject } from '../routes.js';
import { parseAccountInput } from './input.js';
import { ACCOUNT_QUERY_FIELDS } from './query-fields.js';
import { AccountStore, snapshot } from './store.js';
import type { QuickbooksAccount } from './types.js';
import { accountXml } from './xml.js';

/** The account settings of the fake's options. */
export interface AccountSettings {
  requireParentSameType: boolean;
  /** Each realm's Ids start after this (the fake's `idsAfter`). */
  idsAfter: number;
}

/** The Account entity: create, read by Id, `/query`. */
export interface QuickbooksAccounts extends QuickbooksObject {
  /** A realm's accounts as the API answers them, ordered by Id. */
  list(realmId: string): QuickbooksAccount[];
  /** Makes an account inactive (the customer's doing in QuickBooks: no create makes one). */
  deactivate(realmId: string, id: string): void;
}

export function quickbooksAccounts(settings: AccountSettings): QuickbooksAccounts {
  const stores = new PerTenant(() => new AccountStore(settings.idsAfter));
  const answered = (account: QuickbooksAccount): Record<string, unknown> => ({ ...snapshot(account) });
  const query: QueryTable<QuickbooksAccount> = {
    entity: 'Account',
    fields: ACCOUNT_QUERY_FIELDS,
    // Intuit's own query sample lists accounts alphabetically when no ORDERBY is given.
    defaultOrder: 'fullyqualifiedname',
    // Intuit: "SELECT * FROM Customer" retrieves all active customers; a name list answers its
    // inactive records only to a query that filters on Active.
    activeField: 'active',
    rows: (realmId) => stores.find(realmId)?.accounts.values() ?? [],
    id: (account) => Number(account.Id),
    snapshot,
  };
  return {
    entity: 'Account',
    xml: accountXml,
    query,
    nameList: true,
    register(app, gateway) {
      const create = gateway.create('Account', (body, realmId, now) => {
        const company = gateway.company(realmId);
        const input = parseAccountInput(body, company);
        return answered(stores.of(realmId).create(input, now, { requireParentSameType: settings.requireParentSameType, company }));
      });
      const read = gateway.read('Account', (id, realmId) => {
        const account = stores.find(realmId)?.accounts.get(id);
        return account === undefined ? undefined : answered(account);
      });
      app.post(`${COMPANY_PATH}/account`, gateway.api(create));
      app.get(`${COMPANY_PATH}/account/:id`, gateway.api(read));
    },
    // Through JSON: balances are plain numbers unless a double would change their digits (then a
    // JsonNumber holding them).
    list: (realmId) =>
      [...(stores.find(realmId)?.accounts.values() ?? [])].map(
        (account) => parseJsonExact(stringifyJsonExact(snapshot(account))) as QuickbooksAccount,
      ),
    deactivate: (realmId, id) => {
      const account = stores.find(realmId)?.accounts.get(id);
      if (account === undefined) throw new Error(`realm ${realmId} holds no account ${id}`);
      account.Active = false;
    },
    reset: () => stores.clear(),
  };
}
