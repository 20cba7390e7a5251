import type { VisibilityArea } from '../ledger-account-types/table.js';
import { VISIBILITY_AREAS } from '../ledger-account-types/table.js';
import type { SinceFilter } from '../since.js';
import type { LedgerAccountStore } from './store.js';
import type { SageLedgerAccount } from './types.js';

function isVisibilityArea(value: string): value is VisibilityArea {
  return (VISIBILITY_AREAS as string[]).includes(value);
}

/**
 * The filters of `GET /ledger_accounts` other than `search`: `updated_or_created_since` (inclusive
 * of the given time: Sage's reference), `ledger_account_type_id` (one id or several,
 * comma-separated), `show_included_in_chart` and `visible_in`. Parameters Sage does not document
 * for this list (`deleted_since` among them) are ignored, as an unknown parameter is.
 */
function filterOf(query: Record<string, string>, since: SinceFilter): (account: SageLedgerAccount) => boolean {
  const types =
    query.ledger_account_type_id
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean) ?? [];
  const inChart = query.show_included_in_chart;
  const area = query.visible_in;
  return (account) =>
    since.includes(account.updated_at) &&
    (types.length === 0 || types.includes(account.ledger_account_type.id)) &&
    (inChart !== 'true' && inChart !== 'false' ? true : account.included_in_chart === (inChart === 'true')) &&
    (area === undefined || !isVisibilityArea(area) || account[`visible_in_${area}`]);
}

/**
 * `search`: Sage says "the item code or description"; a ledger account's code is its nominal code
 * and it has no description, so here any part of the nominal code, the name or the display name,
 * case-insensitively (the widest reading, which a client must filter itself).
 */
function searchOf(query: Record<string, string>): ((code: number, names: string[]) => boolean) | undefined {
  const search = query.search?.trim().toLowerCase();
  if (!search) return undefined;
  return (code, names) => String(code).includes(search) || names.some((text) => text.toLowerCase().includes(search));
}

/** The seeded accounts a list shows, by their place among the seeded ones (see `LedgerAccountStore`). */
interface SeededMatches {
  length: number;
  /** How many of them have a nominal code below `code`. */
  countBelow(code: number): number;
  /** The seed index of the `k`-th. */
  at(k: number): number;
}

const NONE: SeededMatches = { length: 0, countBelow: () => 0, at: () => -1 };

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The seeded accounts never changed that the filters let through, without making one of them. */
function seededMatches(
  store: LedgerAccountStore,
  filter: (account: SageLedgerAccount) => boolean,
  search: ((code: number, names: string[]) => boolean) | undefined,
): SeededMatches {
  const range = store.seeded;
  // Seeded accounts share everything the filters read but their code and name: one stands for all.
  if (!range || range.count === 0 || !filter(range.account(0))) return NONE;
  const changed = store.changedSeeds();
  if (search) {
    const found: number[] = [];
    let next = 0;
    for (let index = 0; index < range.count; index++) {
      if (changed[next] === index) {
        next++;
        continue;
      }
      const name = range.nameOf(index);
      if (search(range.firstCode + index, [name])) found.push(index);
    }
    return {
      length: found.length,
      countBelow: (code) => lowerBound(found, code - range.firstCode),
      at: (k) => found[k] ?? -1,
    };
  }
  return {
    length: range.count - changed.length,
    countBelow: (code) => {
      const below = Math.min(Math.max(code - range.firstCode, 0), range.count);
      return below - lowerBound(changed, below);
    },
    at: (k) => {
      let index = k;
      for (const skipped of changed) {
        if (skipped <= index) index++;
        else break;
      }
      return index;
    },
  };
}

export interface ListedPage {
  total: number;
  /** The page answered (a page past the last answers the last one, as Sage does). */
  page: number;
  items: SageLedgerAccount[];
}

/**
 * One page of `GET /ledger_accounts`, ordered by nominal code: the whole accounts that pass the
 * filters, merged with the seeded ones that do, only the page's seeded accounts made up.
 */
export function listLedgerAccountPage(
  store: LedgerAccountStore,
  query: Record<string, string>,
  since: SinceFilter,
  page: number,
  perPage: number,
): ListedPage {
  const filter = filterOf(query, since);
  const search = searchOf(query);
  const whole = [...store.records.values()]
    .filter((account) => filter(account) && (!search || search(account.nominal_code, [account.name, account.display_name])))
    .sort((a, b) => a.nominal_code - b.nominal_code);
  const seeded = seededMatches(store, filter, search);
  const range = store.seeded;
  const total = whole.length + seeded.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const answered = Math.min(page, lastPage);
  const start = (answered - 1) * perPage;
  // The first whole account at or after `start` in the merged order: its place is its rank plus the seeded ones before it.
  let low = 0;
  let high = whole.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const account = whole[mid] as SageLedgerAccount;
    if (mid + seeded.countBelow(account.nominal_code) < start) low = mid + 1;
    else high = mid;
  }
  let w = low;
  let s = start - low;
  const items: SageLedgerAccount[] = [];
  while (items.length < perPage && (w < whole.length || s < seeded.length)) {
    const index = s < seeded.length ? seeded.at(s) : -1;
    const seedCode = range && index >= 0 ? range.firstCode + index : Number.POSITIVE_INFINITY;
    const next = whole[w];
    if (next && next.nominal_code < seedCode) {
      items.push(next);
      w++;
    } else if (range && index >= 0) {
      items.push(range.account(index));
      s++;
    } else break;
  }
  return { total, page: answered, items };
}

/**
 * What a list shows of an account: Sage's base attributes (`id`, `displayed_as`, `$path`), plus
 * those `attributes` asks for (comma-separated names, or `all`).
 */
export function project(account: SageLedgerAccount, attributes: string | undefined): Record<string, unknown> {
  const base = { id: account.id, displayed_as: account.displayed_as, $path: account.$path };
  const wanted =
    attributes
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean) ?? [];
  if (wanted.includes('all')) return { ...account };
  const extra = Object.fromEntries(
    wanted.filter((name) => Object.hasOwn(account, name)).map((name) => [name, account[name as keyof SageLedgerAccount]]),
  );
  return { ...base, ...extra };
}
