import { ACCOUNT_TYPES, type NormalizedAccount, stringifyJsonExact } from '@ledgersync/unified';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { type ProviderResponse, retryAfterMs, send } from '../http.js';
import type { ProviderAdapter, PushContext, PushResult, RemoteAccountFields } from '../types.js';
import { zohobooks } from './descriptor.js';
import { toUnifiedType, ZOHO_TYPES, type ZohoAccountType } from './vocabulary.js';

/** The body of `POST /books/v3/chartofaccounts` (Create an account), before mapped fields are merged in. */
export interface ZohoAccountPayload {
  account_name: string;
  account_type: ZohoAccountType;
  account_code?: string;
  description?: string;
  parent_account_id?: string;
}

const PROVIDER = 'zohobooks';
// Zoho's codes for its three throttles (Books API v3 introduction): the minute window, the plan's
// daily cap, and requests in flight.
const MINUTE_LIMIT = '44';
const DAILY_LIMIT = '45';
const IN_FLIGHT_LIMIT = '1070';
// Zoho does not say when its day restarts: looking again hourly spends no attempt a minute on a spent quota.
const DAILY_LIMIT_WAIT_MS = 3600_000;
// An in-flight slot frees up as soon as another request of the organisation ends.
const IN_FLIGHT_WAIT_MS = 5_000;
const NOT_AUTHORIZED = '57';
const INTERNAL_ERROR = '1000';
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

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
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

/**
 * The body of a Zoho answer that succeeded, or the `ProviderError` the worker acts on. Zoho's
 * body is `{"code", "message", ...}` on every answer: a non-zero code is an error even under a
 * 2xx status.
 */
function readEnvelope(response: ProviderResponse, now: number): Record<string, unknown> {
  const body = record(response.body);
  const code = typeof body?.code === 'number' || typeof body?.code === 'string' ? String(body.code) : undefined;
  const message = text(body?.message) ?? `Zoho Books answered ${response.status}`;
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };
  const ok = response.status >= 200 && response.status < 300;
  if (ok && code === '0' && body) return body;
  if (ok && code === undefined) throw new UnexpectedResponse(PROVIDER, `Zoho Books answered ${response.status} without a code`, details);

  if (response.status === 401 || code === NOT_AUTHORIZED) throw new CredentialsExpired(PROVIDER, message, details);
  if (response.status === 429 || code === MINUTE_LIMIT || code === DAILY_LIMIT || code === IN_FLIGHT_LIMIT) {
    const wait = code === DAILY_LIMIT ? DAILY_LIMIT_WAIT_MS : code === IN_FLIGHT_LIMIT ? IN_FLIGHT_WAIT_MS : zohobooks.throttleWaitMs;
    const given = retryAfterMs(response.headers, now);
    // Zoho sends no Retry-After: the wait is the documented one, which THROTTLE_WAIT_MS may replace.
    throw new RateLimited(PROVIDER, given ?? wait, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500 || code === INTERNAL_ERROR) throw new ProviderUnavailable(PROVIDER, message, details);
  // 400 validation (duplicate name, bad type, 6041 wrong organisation), 404, 405.
  throw new ProviderRejected(PROVIDER, message, details);
}

/** Maps the answer of Create an account to a result, or to the `ProviderError` the worker acts on. */
export function readZohoResponse(response: ProviderResponse, now = Date.now()): PushResult {
  const body = readEnvelope(response, now);
  const account = record(body.chart_of_account);
  const id = text(account?.account_id);
  if (!account || !id) {
    throw new UnexpectedResponse(PROVIDER, 'Zoho Books answered without chart_of_account.account_id', { status: response.status });
  }
  return { remoteId: id, remoteData: body, fields: fromZohoAccount(account) };
}

function chartUrl(context: PushContext, path = '', query: Record<string, string> = {}): string {
  const url = new URL(`${context.baseUrl.replace(/\/$/, '')}/books/v3/chartofaccounts${path}`);
  url.searchParams.set('organization_id', context.tenantId);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

function headers(context: PushContext): Record<string, string> {
  // Zoho's own scheme: a Bearer header is refused.
  return { Authorization: `Zoho-oauthtoken ${context.accessToken}`, Accept: 'application/json' };
}

async function get(url: string, context: PushContext): Promise<ProviderResponse> {
  return send(PROVIDER, {
    method: 'GET',
    url,
    headers: headers(context),
    timeoutMs: context.timeoutMs,
    ...(context.signal ? { signal: context.signal } : {}),
  });
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

export const zohobooksAdapter: ProviderAdapter = {
  descriptor: zohobooks,

  async createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    // Mapped fields are Zoho names from descriptor.mappableFields; the unified fields win over them.
    const body = { ...context.mappedFields, ...toZohoPayload(account, context.parentRemoteId) };
    const response = await send(PROVIDER, {
      method: 'POST',
      url: chartUrl(context),
      headers: { ...headers(context), 'Content-Type': 'application/json' },
      body: stringifyJsonExact(body),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readZohoResponse(response);
  },

  /**
   * Zoho keeps no idempotency key, and its list takes no name or code filter: the chart is read
   * page by page and the account this push would create is looked for in it. Found, it is read
   * whole (Get an account) so the result carries what a create answer would.
   */
  async findAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    const payload = toZohoPayload(account, context.parentRemoteId);
    for (let page = 1; page <= MAX_LOOKUP_PAGES; page++) {
      const query = { filter_by: 'AccountType.All', sort_column: 'account_name', page: String(page), per_page: String(PER_PAGE) };
      const list = readEnvelope(await get(chartUrl(context, '', query), context), Date.now());
      if (!Array.isArray(list.chartofaccounts)) {
        throw new UnexpectedResponse(PROVIDER, 'Zoho Books listed accounts without chartofaccounts');
      }
      const match = list.chartofaccounts.map(record).find((row) => row !== undefined && isCreatedFrom(row, payload));
      const id = text(match?.account_id);
      if (id) {
        const found = readEnvelope(await get(chartUrl(context, `/${encodeURIComponent(id)}`), context), Date.now());
        // Get an account answers the fields beside code and message (some answers nest them).
        const stored = record(found.chart_of_account) ?? found;
        return { remoteId: id, remoteData: found, fields: fromZohoAccount(stored) };
      }
      if (record(list.page_context)?.has_more_page !== true) return null;
    }
    return null;
  },
};
