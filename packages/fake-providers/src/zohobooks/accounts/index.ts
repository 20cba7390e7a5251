import type { FastifyRequest } from 'fastify';
import { PerTenant } from '../../shared/objects.js';
import { type ZohoAnswer, ZohoError, zohoError, zohoSuccess } from '../answers.js';
import { readJsonObject } from '../body.js';
import { ZOHO_ERRORS, ZOHO_SUCCESS } from '../messages.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, ZohoObject } from '../routes.js';
import { zohoDateTime } from '../time.js';
import { DEFAULT_CHART } from './default-chart.js';
import { listAccounts } from './list.js';
import { type AccountRules, buildAccount, checkNewAccount } from './rules.js';
import { AccountStore } from './store.js';
import type { ZohoAccount } from './types.js';
import { deleteAccount, markAccount, updateAccount } from './writes.js';

// Where the account ids of the fake start: Zoho's are 15-digit numbers like 460000000038079.
const FIRST_ACCOUNT_ID = 460_000_000_040_000;

function copy(account: ZohoAccount): ZohoAccount {
  return structuredClone(account);
}

/** What the create reads beside the organisation's accounts. */
interface AccountContext {
  rules: AccountRules;
  /** A new account id: a numeric string, unique across the fake's organisations. */
  nextAccountId(): string;
}

/** `POST /chartofaccounts` (Create an account): 201 with the account under `chart_of_account`. */
function createAccount(req: FastifyRequest, context: HandlerContext, organization: AccountStore, accounts: AccountContext): ZohoAnswer {
  try {
    const input = checkNewAccount(readJsonObject(req), organization, accounts.rules);
    const account = buildAccount(input, accounts.nextAccountId(), context.now, accounts.rules);
    organization.put(account);
    return zohoSuccess(201, ZOHO_SUCCESS.created, { chart_of_account: copy(account) });
  } catch (error) {
    if (error instanceof ZohoError) return error.answer;
    throw error;
  }
}

/**
 * `GET /chartofaccounts/{account_id}` (Get an account). Zoho's OpenAPI document puts the account's
 * fields beside `code` and `message`, not under a key, and adds the closing balance.
 */
function readAccount(req: FastifyRequest, organization: AccountStore | undefined): ZohoAnswer {
  const accountId = (req.params as { account_id?: string }).account_id ?? '';
  const account = organization?.records.get(accountId);
  if (account === undefined) return zohoError(404, ZOHO_ERRORS.accountNotFound);
  return zohoSuccess(200, ZOHO_SUCCESS.success, { ...copy(account), closing_balance: 0 });
}

/**
 * An account seeded as the organisation's own screens (or an import) would leave it: any
 * `account_type` string, even one the API refuses on create (`stock`, an edition's own).
 */
export interface SeedAccount {
  account_name: string;
  account_type: string;
  account_code?: string;
  description?: string;
  is_active?: boolean;
  parent_account_id?: string;
  is_system_account?: boolean;
}

/** The Chart of Accounts object: create, list, get, update, mark active/inactive, delete. */
export interface ZohoAccounts extends ZohoObject {
  /** An organisation's accounts, in creation order (copies). */
  list(organizationId: string): ZohoAccount[];
  /** Adds `count` generated accounts (`Account 000001`, ...), or the accounts given, to an organisation: their ids. */
  seed(organizationId: string, accounts: number | readonly SeedAccount[]): string[];
}

export interface ZohoAccountsOptions extends AccountRules {
  /** Whether a new organisation starts with Zoho's default chart (default-chart.ts). */
  defaultChart: boolean;
  now(): number;
}

const GENERATED_TYPES = ['expense', 'income', 'other_current_asset', 'other_current_liability', 'fixed_asset'] as const;

export function zohoAccounts(options: ZohoAccountsOptions): ZohoAccounts {
  const rules: AccountRules = options;
  const firstId = FIRST_ACCOUNT_ID + rules.idsAfter;
  let lastAccountId = firstId;
  const nextAccountId = () => String(++lastAccountId);
  const accounts: AccountContext = { rules, nextAccountId };
  const base = () => {
    const currency = rules.currencies[0];
    if (currency === undefined) throw new Error('the Zoho Books fake needs at least one currency');
    return currency;
  };

  const insertSeed = (organization: AccountStore, seed: SeedAccount): ZohoAccount => {
    const time = zohoDateTime(options.now(), rules.utcOffsetMinutes);
    const parent = seed.parent_account_id ? organization.records.get(seed.parent_account_id) : undefined;
    const system = seed.is_system_account ?? false;
    const account: ZohoAccount = {
      account_id: nextAccountId(),
      account_name: seed.account_name,
      account_code: seed.account_code ?? '',
      account_type: seed.account_type,
      is_active: seed.is_active ?? true,
      currency_id: base().currency_id,
      currency_code: base().currency_code,
      description: seed.description ?? '',
      is_system_account: system,
      is_involved_in_transaction: false,
      is_user_created: !system,
      can_show_in_ze: false,
      show_on_dashboard: false,
      include_in_vat_return: false,
      custom_fields: [],
      parent_account_id: parent?.account_id ?? '',
      parent_account_name: parent?.account_name ?? '',
      depth: parent === undefined ? 0 : parent.depth + 1,
      has_transaction: false,
      documents: [],
      created_time: time,
      last_modified_time: time,
    };
    organization.put(account);
    return account;
  };

  const stores = new PerTenant(() => {
    const organization = new AccountStore();
    if (options.defaultChart) {
      for (const entry of DEFAULT_CHART) {
        insertSeed(organization, {
          account_name: entry.name,
          account_type: entry.type,
          ...(entry.description ? { description: entry.description } : {}),
          ...(entry.system ? { is_system_account: true } : {}),
        });
      }
    }
    return organization;
  });

  return {
    register(app, { api }) {
      const collection = `${API_PATH}/chartofaccounts`;
      const one = `${collection}/:account_id`;
      app.post(collection, api((req, context) => createAccount(req, context, stores.of(context.organizationId), accounts)));
      app.get(collection, api((req, context) => listAccounts(req, stores.of(context.organizationId))));
      app.get(one, api((req, context) => readAccount(req, stores.of(context.organizationId))));
      app.put(one, api((req, context) => updateAccount(req, context, stores.of(context.organizationId), rules)));
      app.post(`${one}/active`, api((req, context) => markAccount(req, context, stores.of(context.organizationId), rules, true)));
      app.post(`${one}/inactive`, api((req, context) => markAccount(req, context, stores.of(context.organizationId), rules, false)));
      app.delete(one, api((req, context) => deleteAccount(req, stores.of(context.organizationId))));
    },
    list: (organizationId) => [...stores.of(organizationId).records.values()].map((a) => copy(a)),
    seed: (organizationId, seeds) => {
      const organization = stores.of(organizationId);
      if (typeof seeds !== 'number') return seeds.map((seed) => insertSeed(organization, seed).account_id);
      const width = Math.max(6, String(seeds).length);
      const ids: string[] = [];
      for (let i = 1; i <= seeds; i++) {
        const type = GENERATED_TYPES[i % GENERATED_TYPES.length] ?? 'expense';
        const name = `Account ${String(organization.records.size + 1).padStart(width, '0')}`;
        ids.push(insertSeed(organization, { account_name: name, account_type: type }).account_id);
      }
      return ids;
    },
    reset: () => {
      stores.clear();
      lastAccountId = firstId;
    },
  };
}
