import { ACCOUNT_TYPES, JsonNumber, type PulledAccountFields, toDecimal } from '@ledgersync/unified';
import { mapRows } from '../pulled-records.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { text } from './client.js';
import { zohoTimeToRfc3339 } from './accounts.js';
import { zohoListPage } from './pull-page.js';
import { toUnifiedType } from './vocabulary.js';

const CHART = '/chartofaccounts';
// Every account, inactive ones included (filter_by AccountType.All), with its balance; sorted by
// name, the list's documented default sort column (account_name or account_type only).
const LIST_QUERY = { filter_by: 'AccountType.All', sort_column: 'account_name', showbalance: 'true' };

/** An instant (RFC 3339, or epoch ms) as Zoho's `last_modified_time` filter takes it: `2025-06-01T19:15:00+0000`. */
export function toZohoTime(since: string): string {
  const at = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
  if (Number.isNaN(at)) throw new Error(`not an instant: ${since}`);
  return `${new Date(at).toISOString().slice(0, 19)}+0000`;
}

/** One row of the chart, in unified words; a string when it cannot be mapped (why). */
export function fromZohoRow(row: Record<string, unknown>): PulledRecord<PulledAccountFields> | string {
  const id = text(row.account_id);
  if (!id) return 'Zoho Books listed an account without account_id';
  const name = text(row.account_name);
  if (!name) return 'Zoho Books listed an account without account_name';
  const zohoType = typeof row.account_type === 'string' ? row.account_type : '';
  const type = toUnifiedType(zohoType);
  if (!type) return `account_type "${zohoType}" has no unified type (vocabulary.ts)`;
  const active = row.is_active !== false;
  const amount = row.current_balance;
  // The balance keeps its digits (exact JSON): never a double.
  const balance = typeof amount === 'number' || amount instanceof JsonNumber ? toDecimal(amount) : null;
  const fields: PulledAccountFields = {
    name,
    classification: ACCOUNT_TYPES[type],
    type,
    status: active ? 'Active' : 'Inactive',
    account_number: text(row.account_code) ?? null,
    parent_remote_id: text(row.parent_account_id) ?? null,
    // The list's rows carry no description or currency (Get an account does): absent, not null,
    // so a pull never blanks what the record holds.
    ...('description' in row ? { description: text(row.description) ?? null } : {}),
    ...('currency_code' in row ? { currency: text(row.currency_code) ?? null } : {}),
    ...(balance !== null ? { current_balance: balance } : {}),
  };
  const created = typeof row.created_time === 'string' ? zohoTimeToRfc3339(row.created_time) : undefined;
  const updated = typeof row.last_modified_time === 'string' ? zohoTimeToRfc3339(row.last_modified_time) : undefined;
  return {
    remoteId: id,
    fields,
    remoteData: row,
    ...(created ? { remoteCreatedAt: created } : {}),
    ...(updated ? { remoteUpdatedAt: updated } : {}),
    // An inactive account is Zoho's archive: it stays in the chart, out of new transactions.
    ...(active ? {} : { removed: { kind: 'archived' as const, ...(updated ? { at: updated } : {}) } }),
  };
}

function toPage(rows: unknown[], next: string | null): PullPage<PulledAccountFields> {
  return { ...mapRows(rows, fromZohoRow, (row) => text(row.account_id)), next };
}

/**
 * The chart of accounts, 200 to a page. Zoho's list shows no deleted account: a deletion is found
 * by the pipeline diffing a full pull. `changes` asks for the accounts modified since the
 * watermark (`last_modified_time`), which tells new, changed and deactivated accounts.
 */
export const zohobooksAccountReader: PullHandler<PulledAccountFields> = {
  async list(context: PullContext, page: string | null) {
    const { rows, next } = await zohoListPage(context, CHART, 'chartofaccounts', page, LIST_QUERY);
    return toPage(rows, next);
  },
  async changes(context: PullContext, since: string, page: string | null) {
    const query = { ...LIST_QUERY, last_modified_time: toZohoTime(since) };
    const { rows, next } = await zohoListPage(context, CHART, 'chartofaccounts', page, query);
    return toPage(rows, next);
  },
};
