import { type NormalizedAccount, stringifyJsonExact } from '@ledgersync/unified';
import {
  CredentialsExpired,
  type ProviderError,
  ProviderRejected,
  ProviderUnavailable,
  RateLimited,
  UnexpectedResponse,
} from '../errors.js';
import { type ProviderResponse, retryAfterMs, send } from '../http.js';
import type { ProviderAdapter, PushContext, PushResult, RemoteAccountFields } from '../types.js';
import { xero } from './descriptor.js';
import { fromXeroClass, fromXeroStatus, fromXeroType, toXeroType, XERO_STATUSES, type XeroAccountType } from './vocabulary.js';

/**
 * The body of `PUT /api.xro/2.0/Accounts`: one Account, unwrapped. Beyond the fields the unified
 * account fills, it carries the connection's mapped fields (`descriptor.mappableFields`) as given.
 */
export type XeroAccountPayload = {
  Code: string;
  Name: string;
  Type: XeroAccountType;
  Description?: string;
  Status?: 'ACTIVE' | 'ARCHIVED';
  CurrencyCode?: string;
  BankAccountType?: string;
} & { [mappedField: string]: unknown };

/**
 * How long to hold a connection whose answer says a quota is spent. Xero's windows are fixed and
 * reset per tenant at a time it does not tell (the phase is unknown), so:
 * - minute (`X-MinLimit-Remaining: 0`, or the app's `X-AppMinLimit-Remaining: 0`): a full minute,
 *   the longest the current window can still run;
 * - day (`X-DayLimit-Remaining: 0`): an hour, not a day. Holding for 24 h could idle a connection
 *   for most of a day after a window that resets in minutes; after an hour the next request is
 *   either admitted or answered 429 with the exact `Retry-After`, which then sets the real wait.
 *   The cost is one refused request.
 */
export const MINUTE_QUOTA_PAUSE_MS = 60_000;
export const DAY_QUOTA_PAUSE_MS = 3_600_000;

const API_PATH = '/api.xro/2.0/Accounts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The unified account as Xero's Account, with the connection's mapped fields merged in. */
export function toXeroPayload(account: NormalizedAccount, mappedFields: Readonly<Record<string, unknown>> = {}): XeroAccountPayload {
  if (!account.name || !account.type || !account.account_number) {
    throw new Error('intake lets no Xero account through without name, type and account_number');
  }
  const mapping = toXeroType(account.type);
  if (!mapping) throw new Error(`intake lets no Xero account through with type "${account.type}"`);
  const bank = mapping.Type === 'BANK';
  const payload: XeroAccountPayload = { Code: account.account_number, Name: account.name, Type: mapping.Type };
  if (mapping.BankAccountType) payload.BankAccountType = mapping.BankAccountType;
  // Xero refuses a Description on a BANK account and a CurrencyCode on any other (refine warned).
  if (account.description && !bank) payload.Description = account.description;
  if (account.currency && bank) payload.CurrencyCode = account.currency;
  if (account.status) payload.Status = XERO_STATUSES[account.status];
  // Only the descriptor's mappable fields, and never over a field the unified account decides.
  for (const field of xero.mappableFields) {
    const value = mappedFields[field];
    if (Object.hasOwn(mappedFields, field) && value != null && payload[field] === undefined) payload[field] = value;
  }
  return payload;
}

/** What Xero says the account is, in unified words. Xero has no created-at: `remote_created_at` stays absent. */
export function fromXeroAccount(account: unknown): RemoteAccountFields {
  const fields: RemoteAccountFields = {};
  if (!isRecord(account)) return fields;
  const name = text(account.Name);
  const type = typeof account.Type === 'string' ? fromXeroType(account.Type, text(account.BankAccountType)) : undefined;
  const classification = typeof account.Class === 'string' ? fromXeroClass(account.Class) : undefined;
  const status = typeof account.Status === 'string' ? fromXeroStatus(account.Status) : undefined;
  const code = text(account.Code);
  const currency = text(account.CurrencyCode);
  if (name) fields.name = name;
  if (type) fields.type = type;
  if (classification) fields.classification = classification;
  if (status) fields.status = status;
  if (code) fields.account_number = code;
  if (currency) fields.currency = currency;
  return fields;
}

function remaining(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const count = Number(value);
  return Number.isFinite(count) ? count : undefined;
}

/** The pause the quota headers of a successful answer call for (see {@link DAY_QUOTA_PAUSE_MS}). */
export function xeroQuotaPauseMs(headers: Headers): number | undefined {
  let pause = 0;
  if (remaining(headers, 'x-minlimit-remaining') === 0 || remaining(headers, 'x-appminlimit-remaining') === 0) {
    pause = MINUTE_QUOTA_PAUSE_MS;
  }
  if (remaining(headers, 'x-daylimit-remaining') === 0) pause = Math.max(pause, DAY_QUOTA_PAUSE_MS);
  return pause > 0 ? pause : undefined;
}

/** The ValidationErrors messages of a list of elements (ValidationException elements, or accounts). */
function validationErrors(elements: unknown): string[] {
  if (!Array.isArray(elements)) return [];
  return elements.flatMap((element) => {
    const errors = isRecord(element) ? element.ValidationErrors : undefined;
    return Array.isArray(errors)
      ? errors.map((error) => (isRecord(error) ? text(error.Message) : undefined)).filter((m) => m !== undefined)
      : [];
  });
}

/** Xero's messages as one sentence list; each keeps its wording, ended with a full stop when it has none. */
function sentences(messages: string[]): string {
  return messages.map((m) => (/[.!?]$/.test(m.trim()) ? m.trim() : `${m.trim()}.`)).join(' ');
}

/**
 * The message and code of a failed answer. Xero answers in two shapes: the Accounting API's
 * `ApiException` (`ErrorNumber`, `Type`, `Message`, `Elements[].ValidationErrors[]`) and the
 * gateway's problem details (`Title`, `Detail`: 401, 403, 429, 503, an Idempotency-Key conflict);
 * 404s and edge-proxy 502/504s are bare text or HTML.
 */
function describeFailure(response: ProviderResponse): { message: string; code?: string } {
  const body = response.body;
  if (isRecord(body) && typeof body.ErrorNumber === 'number') {
    const messages = validationErrors(body.Elements);
    const message = messages.length > 0 ? sentences(messages) : (text(body.Message) ?? `Xero answered ${response.status}`);
    return { message, code: String(body.ErrorNumber) };
  }
  if (isRecord(body) && (text(body.Detail) || text(body.Title))) {
    const title = text(body.Title);
    const detail = text(body.Detail);
    const message = title && detail ? `${title}: ${detail}` : (detail ?? title ?? '');
    // "TokenExpired: token expired at ...", "AuthenticationUnsuccessful": the reason's name.
    const code = detail ? /^([A-Za-z]+)(?::|$)/.exec(detail)?.[1] : undefined;
    return code ? { message, code } : { message };
  }
  const bare = typeof body === 'string' && !/^\s*</.test(body) ? `: ${body.trim().slice(0, 200)}` : '';
  return { message: `Xero answered ${response.status}${bare}` };
}

function rateLimited(response: ProviderResponse, now: number): RateLimited {
  const problem = text(response.headers.get('x-rate-limit-problem'));
  const given = retryAfterMs(response.headers, now);
  const waitMs = given ?? xero.throttleWaitMs;
  // Without Retry-After (the concurrency limit) the wait is the descriptor's: an operator may replace it.
  const error = new RateLimited('xero', waitMs, {
    status: 429,
    documentedWait: given === undefined,
    ...(problem ? { providerCode: problem } : {}),
  });
  // Which of Xero's limits is spent (minute, day, appminute, concurrent) is what an operator needs.
  if (problem)
    error.message = `Xero's ${problem} limit is spent for this tenant (X-Rate-Limit-Problem: ${problem}); retry in ${Math.ceil(waitMs / 1000)} s`;
  return error;
}

/** The `ProviderError` the worker acts on for an answer that is not a success. */
export function classifyXeroFailure(response: ProviderResponse, now = Date.now()): ProviderError {
  const { status } = response;
  if (status === 429) return rateLimited(response, now);
  const { message, code } = describeFailure(response);
  const details = { status, ...(code ? { providerCode: code } : {}) };
  // Any 401 (expired, revoked or unreadable token): refresh once, then retry.
  if (status === 401) return new CredentialsExpired('xero', message, details);
  if (status >= 500) {
    const wait = retryAfterMs(response.headers, now);
    return new ProviderUnavailable('xero', message, { ...details, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
  }
  // 400 validation (ErrorNumber 10), undeserialisable body (14), Idempotency-Key conflict; 403 (the
  // connection no longer grants the tenant), 404, 415.
  if (status >= 400) return new ProviderRejected('xero', message, details);
  return new UnexpectedResponse('xero', `Xero answered ${status}`, { status });
}

function accountsOf(body: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.Accounts)) return undefined;
  return body.Accounts.filter(isRecord);
}

function result(account: Record<string, unknown>, response: ProviderResponse): PushResult {
  const pause = xeroQuotaPauseMs(response.headers);
  return {
    remoteId: String(account.AccountID),
    remoteData: response.body,
    fields: fromXeroAccount(account),
    ...(pause !== undefined ? { quotaPauseMs: pause } : {}),
  };
}

/** Maps Xero's answer to `PUT /Accounts` to a result (remote id `Accounts[0].AccountID`) or a `ProviderError`. */
export function readXeroResponse(response: ProviderResponse, now = Date.now()): PushResult {
  if (response.status !== 200) throw classifyXeroFailure(response, now);
  const account = accountsOf(response.body)?.[0];
  if (!account || !text(account.AccountID)) {
    throw new UnexpectedResponse('xero', 'Xero answered 200 without Accounts[0].AccountID', { status: 200 });
  }
  // With summarizeErrors=false Xero answers 200 and puts the errors on the element.
  const errors = validationErrors([account]);
  if (errors.length > 0) throw new ProviderRejected('xero', sentences(errors), { status: 200 });
  return result(account, response);
}

/**
 * Reads the answer to the lookup by Code: the account this push created, or null. Codes are
 * unique at Xero, so a match on Code with another Name or Type is somebody else's account: it is
 * not adopted (the create then fails on Xero's "Please enter a unique Code.", which is the truth).
 */
export function readXeroLookup(response: ProviderResponse, account: NormalizedAccount, now = Date.now()): PushResult | null {
  if (response.status !== 200) throw classifyXeroFailure(response, now);
  const accounts = accountsOf(response.body);
  if (!accounts) throw new UnexpectedResponse('xero', 'Xero answered 200 without Accounts', { status: 200 });
  const wantedType = account.type ? toXeroType(account.type)?.Type : undefined;
  const sameName = (name: unknown) => typeof name === 'string' && name.trim().toLowerCase() === account.name?.trim().toLowerCase();
  const match = accounts.find(
    (found) => text(found.AccountID) && found.Code === account.account_number && sameName(found.Name) && found.Type === wantedType,
  );
  return match ? result(match, response) : null;
}

/** A Dynamic LINQ string literal, as Xero's `where` parameter takes it. */
function linqString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function accountsUrl(context: PushContext): URL {
  return new URL(`${context.baseUrl.replace(/\/$/, '')}${API_PATH}`);
}

/** Headers of every Accounting API request; without Accept JSON Xero answers XML. */
function apiHeaders(context: PushContext): Record<string, string> {
  return {
    Authorization: `Bearer ${context.accessToken}`,
    'xero-tenant-id': context.tenantId,
    Accept: 'application/json',
  };
}

export const xeroAdapter: ProviderAdapter = {
  descriptor: xero,

  async createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const payload = toXeroPayload(account, context.mappedFields);
    if (payload.Type === 'BANK' && (typeof payload.BankAccountNumber !== 'string' || payload.BankAccountNumber.trim() === '')) {
      // Refused here rather than by Xero: the message can say how to fix it, and no quota is spent.
      throw new ProviderRejected(
        'xero',
        'Xero needs a BankAccountNumber on a bank account: send the number in field_mappings under a slug this connection maps to BankAccountNumber',
      );
    }
    const response = await send('xero', {
      method: 'PUT',
      url: accountsUrl(context).toString(),
      headers: {
        ...apiHeaders(context),
        'Content-Type': 'application/json',
        // The same key on every attempt: Xero answers a create it already did with its first answer.
        'Idempotency-Key': context.idempotencyKey,
      },
      body: stringifyJsonExact(payload),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readXeroResponse(response);
  },

  // Xero forgets an Idempotency-Key after minutes; a retry that comes later looks the account up
  // by its Code first, so a create whose answer was lost is adopted, not refused as a duplicate.
  async findAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    if (!account.account_number) return null;
    const url = accountsUrl(context);
    url.searchParams.set('where', `Code==${linqString(account.account_number)}`);
    const response = await send('xero', {
      method: 'GET',
      url: url.toString(),
      headers: apiHeaders(context),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readXeroLookup(response, account);
  },
};
