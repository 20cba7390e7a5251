import { CLASSIFICATIONS, isBalanceSheet, type JsonNumber, jsonAmount, type NormalizedAccount, stringifyJsonExact } from '@ledgersync/unified';
import { CredentialsExpired, ProviderRejected, ProviderUnavailable, RateLimited, UnexpectedResponse } from '../errors.js';
import { type ProviderResponse, retryAfterMs, send } from '../http.js';
import type { ProviderAdapter, PushContext, PushResult, RemoteAccountFields } from '../types.js';
import { quickbooks } from './descriptor.js';
import { QUICKBOOKS_TYPES, unifiedTypeOf } from './vocabulary.js';

/** The Account body of `POST /v3/company/{realmId}/account` (unwrapped). */
export interface QuickbooksAccountPayload {
  Name: string;
  AccountType: string;
  AccountSubType?: string;
  AcctNum?: string;
  Description?: string;
  Active?: boolean;
  CurrencyRef?: { value: string };
  /** The client's digits, written as a bare JSON number. */
  OpeningBalance?: JsonNumber;
  ParentRef?: { value: string };
  SubAccount?: boolean;
}

interface QuickbooksFaultError {
  message: string | undefined;
  detail: string | undefined;
  code: string | undefined;
}

// QuickBooks uses API minor version 75 and later; earlier ones are retired.
const MINOR_VERSION = '75';

export function toQuickbooksPayload(account: NormalizedAccount, parentRemoteId: string | null): QuickbooksAccountPayload {
  if (!account.name || !account.type) throw new Error('intake lets no QuickBooks account through without name and type');
  const mapped = QUICKBOOKS_TYPES[account.type];
  const payload: QuickbooksAccountPayload = { Name: account.name, ...mapped };
  if (account.account_number) payload.AcctNum = account.account_number;
  if (account.description) payload.Description = account.description;
  if (account.status) payload.Active = account.status === 'Active';
  if (account.currency) payload.CurrencyRef = { value: account.currency };
  if (account.current_balance != null && account.classification && isBalanceSheet(account.classification)) {
    payload.OpeningBalance = jsonAmount(account.current_balance);
  }
  if (parentRemoteId) {
    payload.ParentRef = { value: parentRemoteId };
    payload.SubAccount = true;
  }
  return payload;
}

/** Reads a value whatever the key's case: Intuit sends `Fault`/`fault`, `Error`/`error`, `Message`/`message`. */
function pick(object: unknown, key: string): unknown {
  if (!object || typeof object !== 'object') return undefined;
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function faultErrors(body: unknown): QuickbooksFaultError[] {
  const errors = pick(pick(body, 'fault'), 'error');
  if (!Array.isArray(errors)) return [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return errors.map((error) => ({
    message: text(pick(error, 'message')),
    detail: text(pick(error, 'detail')),
    code: text(pick(error, 'code')),
  }));
}

function describeFault(errors: QuickbooksFaultError[], status: number): { message: string; code?: string } {
  const first = errors[0];
  if (!first) return { message: `QuickBooks answered ${status}` };
  const message = [first.message, first.detail].filter(Boolean).join(': ') || `QuickBooks answered ${status}`;
  return first.code ? { message, code: first.code } : { message };
}

/** The unified fields of an Intuit Account (as read back), in unified words. */
export function fromQuickbooksAccount(account: unknown): RemoteAccountFields {
  const text = (key: string) => {
    const value = pick(account, key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const fields: RemoteAccountFields = {};
  const name = text('Name');
  if (name) fields.name = name;
  const type = unifiedTypeOf(text('AccountType'), text('AccountSubType'));
  if (type) fields.type = type;
  // Intuit's Classification uses the unified words already.
  const classification = CLASSIFICATIONS.find((c) => c === text('Classification'));
  if (classification) fields.classification = classification;
  const active = pick(account, 'Active');
  if (typeof active === 'boolean') fields.status = active ? 'Active' : 'Inactive';
  const number = text('AcctNum');
  if (number) fields.account_number = number;
  const currency = pick(pick(account, 'CurrencyRef'), 'value');
  if (typeof currency === 'string') fields.currency = currency;
  const created = pick(pick(account, 'MetaData'), 'CreateTime');
  if (typeof created === 'string' && !Number.isNaN(Date.parse(created))) fields.remote_created_at = new Date(created).toISOString();
  return fields;
}

/** Maps a QuickBooks answer to a result or to the `ProviderError` the worker acts on. */
export function readQuickbooksResponse(response: ProviderResponse, now = Date.now()): PushResult {
  const errors = faultErrors(response.body);
  const { message, code } = describeFault(errors, response.status);
  const details = { status: response.status, ...(code ? { providerCode: code } : {}) };

  if (response.status === 200 && errors.length === 0) {
    const id = pick(pick(response.body, 'account'), 'id');
    if (typeof id !== 'string' || id.length === 0) {
      throw new UnexpectedResponse('quickbooks', 'QuickBooks answered 200 without Account.Id', details);
    }
    return { remoteId: id, remoteData: response.body, fields: fromQuickbooksAccount(pick(response.body, 'account')) };
  }
  if (response.status === 401) throw new CredentialsExpired('quickbooks', message, details);
  if (response.status === 429 || code === '3001') {
    const given = retryAfterMs(response.headers, now);
    throw new RateLimited('quickbooks', given ?? quickbooks.throttleWaitMs, { ...details, documentedWait: given === undefined });
  }
  if (response.status >= 500) throw new ProviderUnavailable('quickbooks', message, details);
  // 400 validation (6240 duplicate name, ...), 403 (3100), 404, and a 200 that carries a Fault.
  throw new ProviderRejected('quickbooks', message, details);
}

export const quickbooksAdapter: ProviderAdapter = {
  descriptor: quickbooks,
  async createAccount(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const url = new URL(`${context.baseUrl.replace(/\/$/, '')}/v3/company/${encodeURIComponent(context.tenantId)}/account`);
    url.searchParams.set('minorversion', MINOR_VERSION);
    // Same requestid on every attempt: a create QuickBooks already did is answered, not repeated.
    url.searchParams.set('requestid', context.idempotencyKey);
    const response = await send('quickbooks', {
      method: 'POST',
      url: url.toString(),
      headers: {
        Authorization: `Bearer ${context.accessToken}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: stringifyJsonExact({ ...toQuickbooksPayload(account, context.parentRemoteId), ...context.mappedFields }),
      timeoutMs: context.timeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return readQuickbooksResponse(response);
  },
};
