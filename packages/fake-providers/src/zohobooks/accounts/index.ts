import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { type ZohoAnswer, ZohoError, invalidParameter, zohoError, zohoSuccess } from '../answers.js';
import { readJsonObject } from '../body.js';
import { ZOHO_ERRORS, ZOHO_SUCCESS } from '../messages.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, ZohoObject } from '../routes.js';
import { parseZohoDateTime } from '../time.js';
import { ZOHO_ACCOUNT_TYPES, type ZohoAccountGroup, isZohoAccountType } from './account-types.js';
import { type AccountRules, buildAccount, checkNewAccount } from './rules.js';
import { AccountStore } from './store.js';
import type { ZohoAccount } from './types.js';

// Where the account ids of the fake start: Zoho's are 15-digit numbers like 460000000038079.
const FIRST_ACCOUNT_ID = 460_000_000_040_000;

/** Zoho's page size when none is asked for, and the most it serves on one page. */
const PER_PAGE = 200;

const GROUP_FILTERS: Record<`AccountType.${ZohoAccountGroup}`, ZohoAccountGroup> = {
  'AccountType.Asset': 'Asset',
  'AccountType.Liability': 'Liability',
  'AccountType.Equity': 'Equity',
  'AccountType.Income': 'Income',
  'AccountType.Expense': 'Expense',
};

function groupOf(account: ZohoAccount): ZohoAccountGroup | undefined {
  return isZohoAccountType(account.account_type) ? ZOHO_ACCOUNT_TYPES[account.account_type] : undefined;
}

/** The `filter_by` values the List chart of accounts operation documents. */
function accountFilter(filterBy: string): ((account: ZohoAccount) => boolean) | undefined {
  if (filterBy === 'AccountType.All') return () => true;
  if (filterBy === 'AccountType.Active') return (account) => account.is_active;
  if (filterBy === 'AccountType.Inactive') return (account) => !account.is_active;
  const group = GROUP_FILTERS[filterBy as keyof typeof GROUP_FILTERS];
  return group === undefined ? undefined : (account) => groupOf(account) === group;
}

function positiveInteger(query: Record<string, string>, name: string, fallback: number): number {
  const text = query[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalidParameter(name);
  return Number(text);
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' });
}

/** A row of the list: the fields the List chart of accounts operation documents. */
function listRow(account: ZohoAccount, organization: AccountStore, showBalance: boolean): Record<string, unknown> {
  const children = organization.childCount(account.account_id);
  return {
    account_id: account.account_id,
    account_name: account.account_name,
    account_code: account.account_code,
    account_type: account.account_type,
    is_user_created: account.is_user_created,
    is_system_account: account.is_system_account,
    is_standalone_account: false,
    is_active: account.is_active,
    can_show_in_ze: account.can_show_in_ze,
    is_involved_in_transaction: account.is_involved_in_transaction,
    // No transactions reach the fake, so every balance is nil.
    ...(showBalance ? { current_balance: 0 } : {}),
    parent_account_id: account.parent_account_id,
    parent_account_name: account.parent_account_name,
    depth: account.depth,
    has_attachment: false,
    is_child_present: children > 0,
    child_count: children,
    documents: [...account.documents],
    created_time: account.created_time,
    last_modified_time: account.last_modified_time,
  };
}

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
    organization.insert(account.account_id, account);
    return zohoSuccess(201, ZOHO_SUCCESS.created, { chart_of_account: copy(account) });
  } catch (error) {
    if (error instanceof ZohoError) return error.answer;
    throw error;
  }
}

/**
 * `GET /chartofaccounts` (List chart of accounts): `filter_by`, `sort_column` (`account_name`,
 * `account_type`), `sort_order` (`A`/`D`), `last_modified_time`, `showbalance`, and Zoho's paging
 * (`page`, `per_page` up to 200, answered with `page_context`). Nothing else filters: the operation
 * documents no search by name or code.
 */
function listAccounts(req: FastifyRequest, organization: AccountStore): ZohoAnswer {
  const query = queryParams(req.url);
  try {
    const filterBy = query.filter_by || 'AccountType.All';
    const filter = accountFilter(filterBy);
    if (filter === undefined) throw invalidParameter('filter_by');
    const sortColumn = query.sort_column || 'account_name';
    if (sortColumn !== 'account_name' && sortColumn !== 'account_type') throw invalidParameter('sort_column');
    const sortOrder = query.sort_order || 'A';
    if (sortOrder !== 'A' && sortOrder !== 'D') throw invalidParameter('sort_order');
    const page = positiveInteger(query, 'page', 1);
    const perPage = Math.min(positiveInteger(query, 'per_page', PER_PAGE), PER_PAGE);

    let accounts = [...organization.records.values()].filter(filter);
    if (query.last_modified_time) {
      // A "+" the client did not encode arrives as a space.
      const since = parseZohoDateTime(query.last_modified_time.replace(' ', '+'));
      if (since === undefined) throw invalidParameter('last_modified_time');
      accounts = accounts.filter((account) => (parseZohoDateTime(account.last_modified_time) ?? 0) >= since);
    }
    accounts.sort((a, b) => {
      const byName = compareText(a.account_name, b.account_name);
      const order = sortColumn === 'account_type' ? compareText(a.account_type, b.account_type) || byName : byName;
      return sortOrder === 'D' ? -order : order;
    });

    const start = (page - 1) * perPage;
    const rows = accounts.slice(start, start + perPage).map((a) => listRow(a, organization, query.showbalance === 'true'));
    return zohoSuccess(200, ZOHO_SUCCESS.success, {
      chartofaccounts: rows,
      page_context: {
        page,
        per_page: perPage,
        has_more_page: start + perPage < accounts.length,
        report_name: 'Chart of Accounts',
        applied_filter: filterBy,
        sort_column: sortColumn,
        sort_order: sortOrder,
      },
    });
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

/** The Chart of Accounts object: create, list, get. */
export interface ZohoAccounts extends ZohoObject {
  /** An organisation's accounts, in creation order (copies). */
  list(organizationId: string): ZohoAccount[];
}

export function zohoAccounts(rules: AccountRules): ZohoAccounts {
  const stores = new PerTenant(() => new AccountStore());
  const firstId = FIRST_ACCOUNT_ID + rules.idsAfter;
  let lastAccountId = firstId;
  const accounts: AccountContext = { rules, nextAccountId: () => String(++lastAccountId) };
  return {
    register(app, { api }) {
      const collection = `${API_PATH}/chartofaccounts`;
      app.post(collection, api((req, context) => createAccount(req, context, stores.of(context.organizationId), accounts)));
      app.get(collection, api((req, context) => listAccounts(req, stores.of(context.organizationId))));
      app.get(`${collection}/:account_id`, api((req, context) => readAccount(req, stores.find(context.organizationId))));
    },
    list: (organizationId) => [...(stores.find(organizationId)?.records.values() ?? [])].map((a) => copy(a)),
    reset: () => {
      stores.clear();
      lastAccountId = firstId;
    },
  };
}
