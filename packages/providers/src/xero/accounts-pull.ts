import type { PulledAccountFields } from '@ledgersync/unified';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { text } from './client.js';
import { parseMsJsonDate } from './ms-json-date.js';
import { type Mapped, pullXeroList, removalOf } from './pull.js';
import { fromXeroClass, fromXeroStatus, fromXeroType } from './vocabulary.js';

/**
 * A Xero Account in unified words, through the push's vocabulary read backwards. An account whose
 * Type the vocabulary does not know (a newer Xero) is skipped with the reason; ARCHIVED and DELETED
 * accounts are reported removed. Xero has no sub-accounts (no parent) and keeps no balance on an
 * Account; it gives a currency on bank accounts only.
 */
export function pulledXeroAccount(account: Record<string, unknown>): Mapped<PulledAccountFields> {
  const remoteId = text(account.AccountID);
  if (!remoteId) return { skipped: { remoteId: '', reason: 'Xero answered an Account without an AccountID' } };
  const xeroType = text(account.Type);
  const type = xeroType ? fromXeroType(xeroType, text(account.BankAccountType)) : undefined;
  if (!type) return { skipped: { remoteId, reason: `Xero account type ${JSON.stringify(account.Type ?? null)} has no unified type` } };
  const classification = typeof account.Class === 'string' ? fromXeroClass(account.Class) : undefined;
  const updatedAt = parseMsJsonDate(account.UpdatedDateUTC);
  const removed = removalOf(account.Status, updatedAt);
  const fields: PulledAccountFields = {
    name: text(account.Name) ?? null,
    description: text(account.Description) ?? null,
    classification: classification ?? null,
    type,
    status: typeof account.Status === 'string' ? (fromXeroStatus(account.Status) ?? null) : null,
    currency: text(account.CurrencyCode) ?? null,
    account_number: text(account.Code) ?? null,
    parent_remote_id: null,
  };
  return {
    record: {
      remoteId,
      fields,
      remoteData: account,
      ...(updatedAt ? { remoteUpdatedAt: updatedAt } : {}),
      ...(removed ? { removed } : {}),
    },
  };
}

const one = (account: Record<string, unknown>) => [pulledXeroAccount(account)];

/**
 * `GET /Accounts` (getAccounts): the whole chart in one answer, every Status (ACTIVE and ARCHIVED
 * alike). An incremental read sends `If-Modified-Since`, which the operation takes: Xero answers
 * what changed since, archives included; a deleted account is no longer listed, so deletions are
 * found by a full pull the pipeline diffs (descriptor `changes: 'modified-since'`).
 */
export const xeroAccountsPull: PullHandler<PulledAccountFields> = {
  list(context: PullContext): Promise<PullPage<PulledAccountFields>> {
    return pullXeroList(context, { path: '/Accounts', collection: 'Accounts' }, one);
  },
  changes(context: PullContext, since: string): Promise<PullPage<PulledAccountFields>> {
    return pullXeroList(context, { path: '/Accounts', collection: 'Accounts', modifiedSince: since }, one);
  },
};
