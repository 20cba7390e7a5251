import type { NormalizedAccount } from '@ledgersync/unified';
import { UnexpectedResponse } from '../errors.js';
import type { ProviderResponse } from '../http.js';
import type { PushContext, PushHandler, PushResult, RemoteAccountFields } from '../types.js';
import { classifyPennylaneFailure, LEDGER_ACCOUNT_SCOPES, quotaPauseMs, sendPennylane } from './client.js';
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

const LEDGER_ACCOUNTS = '/ledger_accounts';
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
  if (response.status < 200 || response.status >= 300) throw classifyPennylaneFailure(response, LEDGER_ACCOUNT_SCOPES.write, now);
  if (!isLedgerAccount(response.body)) {
    throw new UnexpectedResponse('pennylane', `Pennylane answered ${response.status} without a ledger account id`, {
      status: response.status,
    });
  }
  return pushResult(response.body, response.body, response.headers, now);
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

export const pennylaneAccounts: PushHandler<NormalizedAccount> = {
  async create(account: NormalizedAccount, context: PushContext): Promise<PushResult> {
    // No idempotency key exists at Pennylane: a re-sent create is made safe by find first.
    const body = toPennylanePayload(account, context.mappedFields);
    return readPennylaneResponse(await sendPennylane(context, { method: 'POST', path: LEDGER_ACCOUNTS, body }));
  },

  /**
   * Looks the account up by number (`filter` number eq) and adopts it only when it is the one this
   * push would create: an account that merely shares the number is left alone, and the create then
   * fails with Pennylane's own "already taken" message.
   */
  async find(account: NormalizedAccount, context: PushContext): Promise<PushResult | null> {
    if (!account.name || !account.account_number) return null;
    const payload = toPennylanePayload(account, context.mappedFields);
    const filter = JSON.stringify([{ field: 'number', operator: 'eq', value: payload.number }]);
    let cursor: string | null = null;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
      const query: Record<string, string> = { filter, limit: String(PAGE_LIMIT), ...(cursor ? { cursor } : {}) };
      const response = await sendPennylane(context, { method: 'GET', path: LEDGER_ACCOUNTS, query });
      const now = Date.now();
      if (response.status !== 200) throw classifyPennylaneFailure(response, LEDGER_ACCOUNT_SCOPES.read, now);
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
