import { type NormalizedAccount, stringifyJsonExact } from '@ledgersync/unified';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { type ProviderResponse, retryAfterMs, send } from '../http.js';
import type { ProviderAdapter, PushContext, PushResult, RemoteAccountFields } from '../types.js';
import { pennylane } from './descriptor.js';
import { fromAccountNumber } from './vocabulary.js';

/** The body of `POST /api/external/v2/ledger_accounts`, plus what the connection's mappings add. */
export interface PennylaneLedgerAccountPayload {
  number: string;
  label: string;
  vat_rate?: string;
  country_alpha2?: string;
  [mapped: string]: unknown;
}

/** A ledger account as Pennylane answers it. */
export interface PennylaneLedgerAccount {
  id: number;
  number: string;
  label: string;
  vat_rate: string;
  country_alpha2: string;
  enabled: boolean;
  created_at?: string;
}

interface PennylanePage {
  items: PennylaneLedgerAccount[];
  has_more: boolean;
  next_cursor: string | null;
}

const LEDGER_ACCOUNTS = '/api/external/v2/ledger_accounts';
// The most Pennylane gives in one page; a lookup by number rarely needs more than the first.
const PAGE_LIMIT = 100;
const MAX_LOOKUP_PAGES = 5;

/**
 * Unified → Pennylane: name → label, account_number → number, then the connection's mapped
 * fields (`vat_rate`, `country_alpha2`). Nothing else has a place at Pennylane (see the descriptor).
 */
export function toPennylanePayload(account: NormalizedAccount, mappedFields: Record<string, unknown> = {}): PennylaneLedgerAccountPayload {
  if (!account.name || !account.account_number) throw new Error('intake lets no Pennylane account through without name and account_number');
  const { number: _number, label: _label, ...mapped } = mappedFields;
  return { number: account.account_number, label: account.name, ...mapped };
}

/** Pennylane → unified: the class comes from the number (see vocabulary.ts), the status from `enabled`. */
export function fromPennylaneLedgerAccount(account: PennylaneLedgerAccount): RemoteAccountFields {
  return {
    name: account.label,
    account_number: account.number,
    ...fromAccountNumber(account.number),
    status: account.enabled ? 'Active' : 'Inactive',
    ...(typeof account.created_at === 'string' ? { remote_created_at: account.created_at } : {}),
  };
}

/** When the answer says the window is spent (`ratelimit-remaining: 0`), how long until `ratelimit-reset` (Unix seconds). */
export function quotaPauseMs(headers: Headers, now = Date.now()): number | undefined {
  if (headers.get('ratelimit-remaining')?.trim() !== '0') return undefined;
  const reset = Number(headers.get('ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return pennylane.throttleWaitMs;
  const wait = reset * 1000 - now;
  return wait > 0 ? wait : undefined;
}

/** The `error` text of Pennylane's `{"error", "status"}` envelope, or the plain-text body (a 429), or the status. */
function errorText(response: ProviderResponse): string {
  const body = response.body;
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  if (typeof body === 'string' && body.trim() !== '' && !body.trimStart().startsWith('<')) return body.trim();
  return `Pennylane answered ${response.status}`;
}

/** Throws the `ProviderError` a non-2xx answer means. */
function throwPennylaneError(response: ProviderResponse, now: number): never {
  const message = errorText(response);
  const details = { status: response.status };
  if (response.status === 401) throw new CredentialsExpired('pennylane', message, details);
  if (response.status === 429) {
    const reset = Number(response.headers.get('ratelimit-reset'));
    const untilReset = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
    const given = retryAfterMs(response.headers, now) ?? untilReset;
    // Keeps Pennylane's own sentence ("Rate limit exceeded. Please retry in 2 seconds.") when it gave one.
    throw new RateLimited('pennylane', given ?? pennylane.throttleWaitMs, {
      ...details,
      documentedWait: given === undefined,
      ...(message.startsWith('Rate limit') ? { message } : {}),
    });
  }
  if (response.status >= 500) {
    const wait = retryAfterMs(response.headers, now);
    throw new ProviderUnavailable('pennylane', message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  // 400 malformed, 403 missing scope, 404, 422 validation (number taken, blank, not digits).
  throw new ProviderRejected('pennylane', message, details);
}

function isLedgerAccount(value: unknown): value is PennylaneLedgerAccount {
  const account = value as Partial<PennylaneLedgerAccount> | null;
  return typeof account === 'object' && account !== null && Number.isSafeInteger(account.id) && typeof account.number === 'string';
}

function pushResult(account: PennylaneLedgerAccount, remoteData: unknown, headers: Headers, now: number): PushResult {
  const pause = quotaPauseMs(headers, now);
  return {
    remoteId: String(account.id),
    remoteData,
    fields: fromPennylaneLedgerAccount(account),
    ...(pause !== undefined ? { quotaPauseMs: pause } : {}),
  };
}

/** Maps Pennylane's answer to a create to a result, or to the `ProviderError` the worker acts on. */
export function readPennylaneResponse(response: ProviderResponse, now = Date.now()): PushResult {
  if (response.status < 200 || response.status >= 300) throwPennylaneError(response, now);
  if (!isLedgerAccount(response.body)) {
    throw new UnexpectedResponse('pennylane', `Pennylane answered ${response.status} without a ledger account id`, {
      status: response.status,
    });
  }
  return pushResult(response.body, response.body, response.headers, now);
}

function requestHeaders(context: PushContext): Record<string, string> {
  return { Authorization: `Bearer ${context.accessToken}`, Accept: 'application/json' };
}

function endpoint(context: PushContext): string {
  return `${context.baseUrl.replace(/\/$/, '')}${LEDGER_ACCOUNTS}`;
}

/** The account an earlier attempt of this push created: same number, same label, and the same mapped VAT rate and country when set. */
function matches(candidate: PennylaneLedgerAccount, payload: PennylaneLedgerAccountPayload): boolean {
  return (
    candidate.number === payload.number &&
    candidate.label.trim() === payload.label.trim() &&
    (payload.vat_rate === undefined || candidate.vat_rate === payload.vat_rate) &&
    (payload.country_alpha2 === undefined || candidate.country_alpha2 === payload.country_alpha2)
  );
}

export const pennylaneAdapter: ProviderAdapter = {
  descriptor: pennylane,

  async createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    // No idempotency key exists at Pennylane: a re-sent create is made safe by findAccount first.
    const response = await send('pennylane', {
      method: 'POST',
      url: endpoint(context),
      headers: { ...requestHeaders(context), 'Content-Type': 'application/json' },
      body: stringifyJsonExact(toPennylanePayload(account, context.mappedFields)),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readPennylaneResponse(response);
  },

  /**
   * Looks the account up by number (`filter` number eq) and adopts it only when it is the one this
   * push would create: an account that merely shares the number is left alone, and the create then
   * fails with Pennylane's own "already taken" message.
   */
  async findAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    if (!account.name || !account.account_number) return null;
    const payload = toPennylanePayload(account, context.mappedFields);
    const filter = JSON.stringify([{ field: 'number', operator: 'eq', value: payload.number }]);
    let cursor: string | null = null;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
      const url = new URL(endpoint(context));
      url.searchParams.set('filter', filter);
      url.searchParams.set('limit', String(PAGE_LIMIT));
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await send('pennylane', {
        method: 'GET',
        url: url.toString(),
        headers: requestHeaders(context),
        timeoutMs: context.timeoutMs,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      const now = Date.now();
      if (response.status !== 200) throwPennylaneError(response, now);
      const body = response.body as Partial<PennylanePage> | null;
      if (!body || !Array.isArray(body.items)) {
        throw new UnexpectedResponse('pennylane', 'Pennylane answered a ledger account list without items', { status: response.status });
      }
      const found = body.items.find((item) => isLedgerAccount(item) && matches(item, payload));
      if (found) return pushResult(found, found, response.headers, now);
      if (!body.has_more || !body.next_cursor) return null;
      cursor = body.next_cursor;
    }
    return null;
  },
};
