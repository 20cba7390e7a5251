import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { type ZohoAnswer, ZohoError, invalidParameter, zohoSuccess } from '../answers.js';
import { ZOHO_SUCCESS } from '../messages.js';
import { parseZohoDateTime } from '../time.js';
import { ZOHO_ACCOUNT_TYPES, type ZohoAccountGroup, isZohoAccountType } from './account-types.js';
import type { AccountStore } from './store.js';
import type { ZohoAccount } from './types.js';

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

const collator = new Intl.Collator('en', { sensitivity: 'base' });

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

// The last ordering each organisation was listed in, kept while its chart is unchanged: a pull
// pages one query, so each page is a slice, not a new sort of the whole chart.
const orderings = new WeakMap<AccountStore, { key: string; version: number; accounts: ZohoAccount[] }>();

function ordered(organization: AccountStore, key: string, build: () => ZohoAccount[]): ZohoAccount[] {
  const kept = orderings.get(organization);
  if (kept && kept.key === key && kept.version === organization.version) return kept.accounts;
  const accounts = build();
  orderings.set(organization, { key, version: organization.version, accounts });
  return accounts;
}

/**
 * `GET /chartofaccounts` (List chart of accounts): `filter_by`, `sort_column` (`account_name`,
 * `account_type`), `sort_order` (`A`/`D`), `last_modified_time` (accounts modified at or after it),
 * `showbalance`, and Zoho's paging (`page`, `per_page` up to 200, answered with `page_context`).
 * Nothing else filters: the operation documents no search by name or code. Deleted accounts are
 * gone from it; inactive ones stay, `is_active: false`.
 */
export function listAccounts(req: FastifyRequest, organization: AccountStore): ZohoAnswer {
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
    let since: number | undefined;
    if (query.last_modified_time) {
      // A "+" the client did not encode arrives as a space.
      since = parseZohoDateTime(query.last_modified_time.replace(' ', '+'));
      if (since === undefined) throw invalidParameter('last_modified_time');
    }

    const accounts = ordered(organization, `${filterBy}|${sortColumn}|${sortOrder}|${since ?? ''}`, () => {
      const matching = [...organization.records.values()].filter(
        (account) => filter(account) && (since === undefined || (parseZohoDateTime(account.last_modified_time) ?? 0) >= since),
      );
      matching.sort((a, b) => {
        const byName = collator.compare(a.account_name, b.account_name);
        const order = sortColumn === 'account_type' ? collator.compare(a.account_type, b.account_type) || byName : byName;
        return sortOrder === 'D' ? -order : order;
      });
      return matching;
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
