import { VISIBILITY_AREAS } from '../ledger-account-types/table.js';
import type { VisibilityArea } from '../ledger-account-types/table.js';
import type { SageLedgerAccount } from './types.js';

function isVisibilityArea(value: string): value is VisibilityArea {
  return (VISIBILITY_AREAS as string[]).includes(value);
}

/**
 * The filters of `GET /ledger_accounts` a client needs to find an account: `search` (Sage: "the
 * item code or description"; a ledger account's code is its nominal code and it has no
 * description, so here any part of the nominal code, the name or the display name,
 * case-insensitively: the widest reading, which a client must filter itself),
 * `ledger_account_type_id` (one id or several, comma-separated), `show_included_in_chart` and
 * `visible_in`. Sage has no nominal code filter; parameters it does not document are ignored.
 * Ordered by nominal code.
 */
export function filterLedgerAccounts(accounts: Iterable<SageLedgerAccount>, query: Record<string, string>): SageLedgerAccount[] {
  let found = [...accounts];
  const search = query.search?.trim().toLowerCase();
  if (search) {
    found = found.filter((a) => [String(a.nominal_code), a.name, a.display_name].some((text) => text.toLowerCase().includes(search)));
  }
  const types =
    query.ledger_account_type_id
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean) ?? [];
  if (types.length > 0) found = found.filter((a) => types.includes(a.ledger_account_type.id));
  const inChart = query.show_included_in_chart;
  if (inChart === 'true' || inChart === 'false') found = found.filter((a) => a.included_in_chart === (inChart === 'true'));
  const area = query.visible_in;
  if (area !== undefined && isVisibilityArea(area)) found = found.filter((a) => a[`visible_in_${area}`]);
  return found.sort((a, b) => a.nominal_code - b.nominal_code);
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
