import { ACCOUNT_TYPES, type Classification, type NormalizedAccount, stringifyJsonExact } from '@ledgersync/unified';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { type ProviderResponse, retryAfterMs, send } from '../http.js';
import type { ProviderAdapter, PushContext, PushResult, RemoteAccountFields } from '../types.js';
import { nominalCodeOf, sage } from './descriptor.js';
import { fromSageType, SAGE_TYPES, type SageTypeId } from './vocabulary.js';

/** The `ledger_account` object of `POST /v3.1/ledger_accounts` (sent wrapped: `{"ledger_account": {...}}`). */
export interface SageLedgerAccountPayload {
  ledger_account_type_id: SageTypeId;
  included_in_chart: boolean;
  name: string;
  display_name: string;
  nominal_code: number;
}

/** One entry of Sage's error body (an array of these). */
interface SageDiagnosis {
  dataCode: string | undefined;
  message: string | undefined;
  source: string | undefined;
}

const PROVIDER = 'sage';
const API_VERSION = '/v3.1';
// Sage's largest page; a lookup by nominal code rarely needs a second one.
const LOOKUP_PAGE_SIZE = 200;
const LOOKUP_MAX_PAGES = 10;

// A fallback for a type id this adapter does not know: Sage's group says the classification (?).
const GROUP_CLASSIFICATIONS: Record<string, Classification> = {
  INCOME: 'Revenue',
  EXPENDITURE: 'Expense',
  ASSET: 'Asset',
  LIABILITY: 'Liability',
  CAPITAL: 'Equity',
  EQUITY: 'Equity',
};

export function toSagePayload(account: NormalizedAccount): SageLedgerAccountPayload {
  const nominalCode = nominalCodeOf(account.account_number);
  if (!account.name || !account.type || nominalCode === undefined) {
    throw new Error('intake lets no Sage account through without name, type and an integer account_number');
  }
  return {
    ledger_account_type_id: SAGE_TYPES[account.type],
    // An account a customer pushes is one they mean to use: in the chart, offered in selection lists.
    included_in_chart: true,
    name: account.name,
    // Sage shows the display name everywhere but the chart; a connection may map its own.
    display_name: account.name,
    nominal_code: nominalCode,
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function diagnoses(body: unknown): SageDiagnosis[] {
  if (!Array.isArray(body)) return [];
  return body.map((entry) => {
    const item = record(entry) ?? {};
    return { dataCode: text(item.$dataCode), message: text(item.$message), source: text(item.$source) };
  });
}

/** `Nominal code has already been taken (nominal_code); ...`, Sage's words and the field they are about. */
function describe(errors: SageDiagnosis[], status: number): { message: string; code?: string } {
  const parts = errors
    .map((e) => (e.source ? `${e.message ?? 'invalid'} (${e.source})` : e.message))
    .filter((part): part is string => !!part);
  const message = parts.length > 0 ? parts.join('; ') : `Sage answered ${status}`;
  const code = errors[0]?.dataCode;
  return code ? { message, code } : { message };
}

/** Throws the `ProviderError` a failed Sage answer means to the worker. */
function classifyFailure(response: ProviderResponse, now: number): never {
  const { message, code } = describe(diagnoses(response.body), response.status);
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };
  // Any 401 (expired token, or a business the user lost access to): refresh once, then give up.
  if (response.status === 401) throw new CredentialsExpired(PROVIDER, message, details);
  if (response.status === 429) {
    // Sage sends no Retry-After (?): then the wait is the descriptor's, which an operator setting may replace.
    const given = retryAfterMs(response.headers, now);
    throw new RateLimited(PROVIDER, given ?? sage.throttleWaitMs, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500) throw new ProviderUnavailable(PROVIDER, message, details);
  if (response.status >= 400) throw new ProviderRejected(PROVIDER, message, details);
  throw new UnexpectedResponse(PROVIDER, `Sage answered ${response.status}`, details);
}

/** What a Sage ledger account says, in unified words. */
export function fromSageLedgerAccount(body: unknown): RemoteAccountFields {
  const account = record(body) ?? {};
  const fields: RemoteAccountFields = {};
  const name = text(account.name);
  if (name) fields.name = name;
  const type = fromSageType(record(account.ledger_account_type)?.id);
  if (type) fields.type = type;
  const groupId = text(record(account.ledger_account_group)?.id);
  const classification = type ? ACCOUNT_TYPES[type] : groupId ? GROUP_CLASSIFICATIONS[groupId] : undefined;
  if (classification) fields.classification = classification;
  if (Number.isSafeInteger(account.nominal_code)) fields.account_number = String(account.nominal_code);
  const createdAt = text(account.created_at);
  if (createdAt && !Number.isNaN(Date.parse(createdAt))) fields.remote_created_at = createdAt;
  return fields;
}

function pushResult(body: unknown, status: number): PushResult {
  const id = text(record(body)?.id);
  if (!id) throw new UnexpectedResponse(PROVIDER, `Sage answered ${status} without a ledger account id`, { status });
  return { remoteId: id, remoteData: body, fields: fromSageLedgerAccount(body) };
}

/** Maps Sage's answer to `POST /ledger_accounts` to a result or to the `ProviderError` the worker acts on. */
export function readSageResponse(response: ProviderResponse, now = Date.now()): PushResult {
  if (response.status === 201 || response.status === 200) return pushResult(response.body, response.status);
  return classifyFailure(response, now);
}

function headers(context: PushContext): Record<string, string> {
  return {
    Authorization: `Bearer ${context.accessToken}`,
    'X-Business': context.tenantId,
    Accept: 'application/json',
  };
}

function apiUrl(context: PushContext, path: string): URL {
  return new URL(`${context.baseUrl.replace(/\/$/, '')}${API_VERSION}${path}`);
}

/** Whether a ledger account found at Sage is the one this push would have created. */
function isSameAccount(found: Record<string, unknown>, wanted: SageLedgerAccountPayload): boolean {
  const name = text(found.name)?.trim().toLowerCase();
  const typeId = record(found.ledger_account_type)?.id;
  return (
    found.nominal_code === wanted.nominal_code && name === wanted.name.trim().toLowerCase() && typeId === wanted.ledger_account_type_id
  );
}

export const sageAdapter: ProviderAdapter = {
  descriptor: sage,

  async createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const ledgerAccount = { ...toSagePayload(account), ...context.mappedFields };
    const response = await send(PROVIDER, {
      method: 'POST',
      url: apiUrl(context, '/ledger_accounts').toString(),
      headers: { ...headers(context), 'Content-Type': 'application/json' },
      body: stringifyJsonExact({ ledger_account: ledgerAccount }),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readSageResponse(response);
  },

  /**
   * Sage keeps no idempotency key, so before a create is re-sent: the ledger account with this
   * push's nominal code (unique per business), adopted only when its name and type are this push's
   * too. Another account holding the code is not adopted: the create then fails with Sage's own
   * "already taken" message, which is what the customer needs to see. Every push has a nominal code
   * (intake requires one), so the name is never the key on its own.
   */
  async findAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    const wanted = toSagePayload(account);
    for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
      const url = apiUrl(context, '/ledger_accounts');
      url.searchParams.set('search', String(wanted.nominal_code));
      url.searchParams.set('attributes', 'all');
      url.searchParams.set('items_per_page', String(LOOKUP_PAGE_SIZE));
      url.searchParams.set('page', String(page));
      const response = await send(PROVIDER, {
        method: 'GET',
        url: url.toString(),
        headers: headers(context),
        timeoutMs: context.timeoutMs,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      if (response.status !== 200) classifyFailure(response, Date.now());
      const body = record(response.body);
      const items = body?.$items;
      if (!Array.isArray(items))
        throw new UnexpectedResponse(PROVIDER, 'Sage answered a ledger account list without $items', { status: 200 });
      for (const item of items) {
        const found = record(item);
        if (found?.nominal_code !== wanted.nominal_code) continue;
        return isSameAccount(found, wanted) ? pushResult(found, response.status) : null;
      }
      if (!body?.$next) return null;
    }
    // Nominal codes are unique per business, so a create that finds the code taken fails cleanly.
    return null;
  },
};
