import { CLASSIFICATIONS, isBalanceSheet, type JsonNumber, jsonAmount, type NormalizedAccount } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { pick, quickbooksFailure, sendQuickbooks } from './client.js';
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
  const failure = quickbooksFailure(response, now);
  if (failure) throw failure;
  const id = pick(pick(response.body, 'account'), 'id');
  if (typeof id !== 'string' || id.length === 0) {
    throw new UnexpectedResponse('quickbooks', 'QuickBooks answered 200 without Account.Id', { status: response.status });
  }
  return { remoteId: id, remoteData: response.body, fields: fromQuickbooksAccount(pick(response.body, 'account')) };
}

/** Accounts at QuickBooks: created with a `requestid`, so a re-send needs no lookup. */
export const quickbooksAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const response = await sendQuickbooks(context, {
      method: 'POST',
      path: '/account',
      // Same requestid on every attempt: a create QuickBooks already did is answered, not repeated.
      query: { requestid: context.idempotencyKey },
      body: { ...toQuickbooksPayload(account, context.parentRemoteId), ...context.mappedFields },
    });
    return readQuickbooksResponse(response);
  },
};
