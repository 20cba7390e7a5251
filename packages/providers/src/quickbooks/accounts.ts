import { CLASSIFICATIONS, isBalanceSheet, type JsonNumber, jsonAmount, type NormalizedAccount } from '@ledgersync/unified';
import { ProviderRejected, UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { DUPLICATE_NAME, pick, quickbooksFailure, sendQuickbooks } from './client.js';
import { type FoundAccount, findCreated, findDuplicateHolder } from './lookup.js';
import { QUICKBOOKS_TYPES, unifiedTypeOf } from './vocabulary.js';

/** The Account body of `POST /v3/company/{realmId}/account` (unwrapped). */
export interface QuickbooksAccountPayload {
  Name: string;
  AccountType: string;
  AccountSubType?: string;
  AcctNum?: string;
  Description?: string;
  /** Always true when sent: QuickBooks is not asked to create an inactive account (NOTES.md). */
  Active?: true;
  CurrencyRef?: { value: string };
  /** The client's digits, written as a bare JSON number. */
  OpeningBalance?: JsonNumber;
  ParentRef?: { value: string };
  SubAccount?: boolean;
}

export function toQuickbooksPayload(account: NormalizedAccount, parentRemoteId: string | null): QuickbooksAccountPayload {
  if (!account.name || !account.type) throw new Error('intake lets no QuickBooks account through without name and type');
  // Refused at intake since Intuit documents no inactive create; a record stored before that is
  // refused here, before anything is sent, rather than created active.
  if (account.status === 'Inactive') {
    throw new ProviderRejected(
      'quickbooks',
      'QuickBooks Online creates accounts active: push this account as Active, then make it inactive in QuickBooks',
    );
  }
  const mapped = QUICKBOOKS_TYPES[account.type];
  const payload: QuickbooksAccountPayload = { Name: account.name, ...mapped };
  if (account.account_number) payload.AcctNum = account.account_number;
  if (account.description) payload.Description = account.description;
  if (account.status === 'Active') payload.Active = true;
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

/** The create body: the unified fields, and the connection's mapped fields under their Intuit names. */
function createBody(account: NormalizedAccount, context: PushContext): QuickbooksAccountPayload {
  return { ...toQuickbooksPayload(account, context.parentRemoteId), ...context.mappedFields };
}

function adopted(found: FoundAccount): PushResult {
  return { remoteId: found.id, remoteData: found.body, fields: fromQuickbooksAccount(found.account) };
}

/**
 * Accounts at QuickBooks: created with a `requestid` (the same on every attempt of a round), and
 * looked up by Name where that may not be enough: before a re-send, since the requestid is
 * reported not to protect name-list entities, and after a re-send answered 6240 (the Name is
 * taken), where the holder is adopted when it is the account this push creates.
 */
export const quickbooksAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    const body = createBody(account, context);
    const response = await sendQuickbooks(context, {
      method: 'POST',
      path: '/account',
      query: { requestid: context.idempotencyKey },
      body,
    });
    // Only a re-send may meet its own earlier create; on a first attempt the Name is another's.
    if (context.earlierAttempt && quickbooksFailure(response)?.providerCode === DUPLICATE_NAME) {
      const holder = await findDuplicateHolder(context, response.body, body);
      if (holder) return adopted(holder);
    }
    return readQuickbooksResponse(response);
  },

  async find(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    const found = await findCreated(context, createBody(account, context));
    return found ? adopted(found) : null;
  },
};
