import { ACCOUNT_TYPES, type NormalizedAccount } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { PROVIDER, readZohoEnvelope, record, sendZoho, text } from './client.js';
import { toUnifiedType, ZOHO_TYPES, type ZohoAccountType } from './vocabulary.js';

/** The body of `POST /books/v3/chartofaccounts` (Create an account), before mapped fields are merged in. */
export interface ZohoAccountPayload {
  account_name: string;
  account_type: ZohoAccountType;
  account_code?: string;
  description?: string;
  parent_account_id?: string;
}

const CHART = '/chartofaccounts';
const PER_PAGE = 200;
// Zoho refuses a second account with the same name, so a re-send past this many pages fails
// ("already exists") rather than duplicating: the bound only keeps a huge chart from eating the quota.
const MAX_LOOKUP_PAGES = 25;

/** Maps a unified account to Zoho's create body. Status, balance and currency have no place in it. */
export function toZohoPayload(account: NormalizedAccount, parentRemoteId: string | null): ZohoAccountPayload {
  if (!account.name || !account.type) throw new Error('intake lets no Zoho Books account through without name and type');
  const payload: ZohoAccountPayload = { account_name: account.name, account_type: ZOHO_TYPES[account.type] };
  if (account.account_number) payload.account_code = account.account_number;
  if (account.description) payload.description = account.description;
  if (parentRemoteId) payload.parent_account_id = parentRemoteId;
  return payload;
}

/** `2013-01-17T15:27:23+0530` (Zoho: local time, offset without a colon) → RFC 3339 `2013-01-17T15:27:23+05:30`. */
export function zohoTimeToRfc3339(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2}):?(\d{2})$/.exec(value.trim());
  return match ? `${match[1]}${match[2]}:${match[3]}` : undefined;
}

/** What a Zoho account says about itself, in unified words. */
export function fromZohoAccount(account: Record<string, unknown>): RemoteAccountFields {
  const fields: RemoteAccountFields = {};
  const name = text(account.account_name);
  if (name) fields.name = name;
  const type = typeof account.account_type === 'string' ? toUnifiedType(account.account_type) : undefined;
  if (type) {
    fields.type = type;
    fields.classification = ACCOUNT_TYPES[type];
  }
  if (typeof account.is_active === 'boolean') fields.status = account.is_active ? 'Active' : 'Inactive';
  const code = text(account.account_code);
  if (code) fields.account_number = code;
  const currency = text(account.currency_code);
  if (currency) fields.currency = currency;
  const created = typeof account.created_time === 'string' ? zohoTimeToRfc3339(account.created_time) : undefined;
  if (created) fields.remote_created_at = created;
  return fields;
}

/** Maps the answer of Create an account to a result, or to the `ProviderError` the worker acts on. */
export function readZohoResponse(response: ProviderResponse, now = Date.now()): PushResult {
  const body = readZohoEnvelope(response, now);
  const account = record(body.chart_of_account);
  const id = text(account?.account_id);
  if (!account || !id) {
    throw new UnexpectedResponse(PROVIDER, 'Zoho Books answered without chart_of_account.account_id', { status: response.status });
  }
  return { remoteId: id, remoteData: body, fields: fromZohoAccount(account) };
}

const same = (a: unknown, b: string | undefined) =>
  (typeof a === 'string' ? a.trim().toLowerCase() : '') === (b ?? '').trim().toLowerCase();

/** Whether a row of the list is the account this payload would create: found by code, else name, then every sent field checked. */
function isCreatedFrom(row: Record<string, unknown>, payload: ZohoAccountPayload): boolean {
  const key = payload.account_code ? same(row.account_code, payload.account_code) : same(row.account_name, payload.account_name);
  return (
    key &&
    same(row.account_name, payload.account_name) &&
    row.account_type === payload.account_type &&
    same(row.parent_account_id, payload.parent_account_id)
  );
}

export const zohobooksAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    // Mapped fields are Zoho names from descriptor.mappableFields; the unified fields win over them.
    const body = { ...context.mappedFields, ...toZohoPayload(account, context.parentRemoteId) };
    return readZohoResponse(await sendZoho(context, { method: 'POST', path: CHART, body }));
  },

  /**
   * Zoho keeps no idempotency key, and its list takes no name or code filter: the chart is read
   * page by page and the account this push would create is looked for in it. Found, it is read
   * whole (Get an account) so the result carries what a create answer would.
   */
  async find(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    const payload = toZohoPayload(account, context.parentRemoteId);
    for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
      const query = { filter_by: 'AccountType.All', sort_column: 'account_name', page: String(page), per_page: String(PER_PAGE) };
      const list = readZohoEnvelope(await sendZoho(context, { method: 'GET', path: CHART, query }));
      if (!Array.isArray(list.chartofaccounts)) {
        throw new UnexpectedResponse(PROVIDER, 'Zoho Books listed accounts without chartofaccounts');
      }
      const match = list.chartofaccounts.map(record).find((row) => row !== undefined && isCreatedFrom(row, payload));
      const id = text(match?.account_id);
      if (id) {
        const found = readZohoEnvelope(await sendZoho(context, { method: 'GET', path: `${CHART}/${encodeURIComponent(id)}` }));
        // Get an account answers the fields beside code and message (some answers nest them).
        const stored = record(found.chart_of_account) ?? found;
        return { remoteId: id, remoteData: found, fields: fromZohoAccount(stored) };
      }
      if (record(list.page_context)?.has_more_page !== true) return null;
    }
    return null;
  },
};
