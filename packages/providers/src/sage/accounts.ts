import { ACCOUNT_TYPES, type Classification, type NormalizedAccount } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { classifySageFailure, PROVIDER, record, sendSage, text } from './client.js';
import { nominalCodeOf } from './descriptor.js';
import { sageIdempotencyId } from './idempotency.js';
import { fromSageType, SAGE_TYPES, type SageTypeId } from './vocabulary.js';

/** The `ledger_account` object of `POST /v3.1/ledger_accounts` (sent wrapped: `{"ledger_account": {...}}`). */
export interface SageLedgerAccountPayload {
  ledger_account_type_id: SageTypeId;
  included_in_chart: boolean;
  name: string;
  display_name: string;
  nominal_code: number;
}

// Sage's largest page; a lookup by nominal code rarely needs a second one.
const LOOKUP_PAGE_SIZE = 200;
const LOOKUP_MAX_PAGES = 10;

// A fallback for a type id this file does not know: Sage's group says the classification (?).
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
  throw classifySageFailure(response, now);
}

/** The `ledger_account` this push sends: the account's payload with the connection's mapped fields over it. */
function ledgerAccountOf(account: NormalizedAccount, context: PushContext): SageLedgerAccountPayload {
  return { ...toSagePayload(account), ...context.mappedFields };
}

const same = (found: unknown, sent: unknown) => typeof found === 'string' && typeof sent === 'string' && found.trim() === sent.trim();

/**
 * Whether a ledger account found at Sage is exactly the one this push would have created: its
 * nominal code, type, name and display name as sent (spaces at the ends aside). Sage keeps what it
 * is sent, so a name that differs, even in case only, is an account someone else made.
 */
function isSameAccount(found: Record<string, unknown>, sent: SageLedgerAccountPayload): boolean {
  return (
    found.nominal_code === sent.nominal_code &&
    record(found.ledger_account_type)?.id === sent.ledger_account_type_id &&
    same(found.name, sent.name) &&
    same(found.display_name, sent.display_name)
  );
}

export const sageAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    // Sage answers a repeat of this create (same id, same body) with its first answer for 7 days.
    const ledgerAccount = { ...ledgerAccountOf(account, context), idempotency_id: sageIdempotencyId(context.idempotencyKey) };
    const response = await sendSage(context, { method: 'POST', path: '/ledger_accounts', body: { ledger_account: ledgerAccount } });
    return readSageResponse(response);
  },

  /**
   * The lookup before a create is re-sent (the `idempotency_id` covers a re-send for 7 days, but a
   * retry round sends a new one). Sage's list has no nominal code filter: `search` ("the item code
   * or description") by the nominal code, narrowed to the push's type with `ledger_account_type_id`,
   * then the account whose nominal code is exactly this push's (unique per business), adopted only
   * when it is exactly what this push sends. Another account holding the code is not adopted: the
   * create then fails with Sage's own "already taken" message, which the customer needs to see. A
   * lookup Sage fails (5xx, 429, timeout) throws its transient error: the push is retried.
   */
  async find(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    const wanted = ledgerAccountOf(account, context);
    for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
      const response = await sendSage(context, {
        method: 'GET',
        path: '/ledger_accounts',
        query: {
          search: String(wanted.nominal_code),
          ledger_account_type_id: wanted.ledger_account_type_id,
          attributes: 'all',
          items_per_page: String(LOOKUP_PAGE_SIZE),
          page: String(page),
        },
      });
      if (response.status !== 200) throw classifySageFailure(response, Date.now());
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
