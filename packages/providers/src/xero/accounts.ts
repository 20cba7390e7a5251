import type { NormalizedAccount } from '@ledgersync/unified';
import { ProviderRejected, UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { classifyXeroFailure, isRecord, sendXero, sentences, text, validationErrors, xeroQuotaPauses } from './client.js';
import { xero } from './descriptor.js';
import { fromXeroClass, fromXeroStatus, fromXeroType, toXeroType, type XeroAccountType } from './vocabulary.js';

/**
 * The body of `PUT /api.xro/2.0/Accounts`: one Account, unwrapped. Beyond the fields the unified
 * account fills, it carries the connection's mapped fields (`descriptor.mappableFields`) as given.
 * No Status: Xero documents archiving as an update of an ACTIVE account (NOTES.md, "Status on create"), so an
 * Inactive account is created, then archived by {@link archive}.
 */
export type XeroAccountPayload = {
  Code: string;
  Name: string;
  Type: XeroAccountType;
  Description?: string;
  CurrencyCode?: string;
  BankAccountType?: string;
} & { [mappedField: string]: unknown };

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

function accountsOf(body: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.Accounts)) return undefined;
  return body.Accounts.filter(isRecord);
}

function result(account: Record<string, unknown>, response: ProviderResponse): PushResult {
  return {
    remoteId: String(account.AccountID),
    remoteData: response.body,
    fields: fromXeroAccount(account),
    ...xeroQuotaPauses(response.headers),
  };
}

/** Maps Xero's answer to `PUT /Accounts` to a result (remote id `Accounts[0].AccountID`) or a `ProviderError`. */
export function readXeroResponse(response: ProviderResponse, now = Date.now()): PushResult {
  // Creates and archives carry an Idempotency-Key.
  if (response.status !== 200) throw classifyXeroFailure(response, now, { keyed: true });
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

/**
 * The archive's own key, derived from the push's: the same on every attempt, and never the create's
 * (Xero refuses a key reused on another request). At most 48 + 8 characters, within Xero's 128.
 */
export function archiveIdempotencyKey(pushKey: string): string {
  return `${pushKey}.archive`;
}

/**
 * Archives the account a push created: `POST /Accounts/{AccountID}` with the Status alone, as Xero
 * refuses a Status beside other details ("Cannot update account details and STATUS on the same
 * request"). Refused for good, the account stays at Xero ACTIVE: the error says which one it is.
 */
async function archive(accountId: string, context: PushContext): Promise<PushResult> {
  const response = await sendXero(context, {
    method: 'POST',
    path: `/Accounts/${encodeURIComponent(accountId)}`,
    body: { Status: 'ARCHIVED' },
    idempotencyKey: archiveIdempotencyKey(context.idempotencyKey),
  });
  try {
    return readXeroResponse(response);
  } catch (error) {
    if (!(error instanceof ProviderRejected)) throw error;
    const { status, providerCode } = error;
    throw new ProviderRejected('xero', `Xero created the account (AccountID ${accountId}) but refused to archive it: ${error.message}`, {
      ...(status ? { status } : {}),
      ...(providerCode ? { providerCode } : {}),
      cause: error,
    });
  }
}

export const xeroAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const payload = toXeroPayload(account, context.mappedFields);
    if (payload.Type === 'BANK' && (typeof payload.BankAccountNumber !== 'string' || payload.BankAccountNumber.trim() === '')) {
      // Refused here rather than by Xero: the message can say how to fix it, and no quota is spent.
      throw new ProviderRejected(
        'xero',
        'Xero needs a BankAccountNumber on a bank account: send the number in field_mappings under a slug this connection maps to BankAccountNumber',
      );
    }
    const response = await sendXero(context, { method: 'PUT', path: '/Accounts', body: payload, idempotencyKey: context.idempotencyKey });
    const created = readXeroResponse(response);
    return account.status === 'Inactive' ? archive(created.remoteId, context) : created;
  },

  // Xero forgets an Idempotency-Key after minutes; a retry that comes later looks the account up
  // by its Code first, so a create whose answer was lost is adopted, not refused as a duplicate.
  // An Inactive account found still ACTIVE (its archive failed or was lost) is archived then.
  async find(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    if (!account.account_number) return null;
    const response = await sendXero(context, {
      method: 'GET',
      path: '/Accounts',
      query: { where: `Code==${linqString(account.account_number)}` },
    });
    const found = readXeroLookup(response, account);
    if (!found || account.status !== 'Inactive' || found.fields?.status === 'Inactive') return found;
    return archive(found.remoteId, context);
  },
};
