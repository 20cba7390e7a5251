import { ACCOUNT_TYPES, type PulledAccountFields } from '@ledgersync/unified';
import type { PullHandler } from '../types.js';
import { record, text } from './client.js';
import { type Mapped, sageListReader, sageTimeOf } from './list.js';
import { fromSageType, sageAccountStatus } from './vocabulary.js';

/**
 * A Sage ledger account in unified words. Sage has no sub-accounts, no currency and no description
 * on a ledger account; its balance comes only with `show_balance_details` and a date range, which
 * a chart read does not ask for. An account not `included_in_chart` is Sage's hidden account (its
 * help: "To remove an unwanted ledger account, clear Included in Chart"; "You can't delete a ledger
 * account once created"): read as Inactive and archived, never dropped.
 */
export function pulledLedgerAccount(item: Record<string, unknown>): Mapped<PulledAccountFields> {
  const id = text(item.id);
  if (!id) return { skipped: { remoteId: '', reason: 'Sage listed a ledger account without an id' } };
  const typeId = record(item.ledger_account_type)?.id;
  const type = fromSageType(typeId);
  if (!type) return { skipped: { remoteId: id, reason: `Sage ledger account type ${String(typeId)} is not one ledgersync knows` } };
  if (!Number.isSafeInteger(item.nominal_code)) {
    return { skipped: { remoteId: id, reason: `Sage ledger account without a whole-number nominal_code (${String(item.nominal_code)})` } };
  }
  const status = sageAccountStatus(item.included_in_chart);
  const createdAt = sageTimeOf(item.created_at);
  const updatedAt = sageTimeOf(item.updated_at);
  return {
    record: {
      remoteId: id,
      fields: {
        name: text(item.name) ?? text(item.display_name) ?? null,
        description: null,
        classification: ACCOUNT_TYPES[type],
        type,
        status,
        current_balance: null,
        currency: null,
        account_number: String(item.nominal_code),
        parent_remote_id: null,
      },
      remoteData: item,
      ...(createdAt ? { remoteCreatedAt: createdAt } : {}),
      ...(updatedAt ? { remoteUpdatedAt: updatedAt } : {}),
      ...(status === 'Inactive' ? { removed: { kind: 'archived' as const, ...(updatedAt ? { at: updatedAt } : {}) } } : {}),
    },
  };
}

/**
 * Reads the chart: `GET /ledger_accounts`, every account whether in the chart or not; an
 * incremental read adds `updated_or_created_since` (Sage's reference for this list; it lists no
 * `deleted_since`, and a ledger account cannot be deleted, so hiding one, an update, is all there
 * is to see). All attributes: the type, the flags and the times come only when asked for.
 */
export const sageAccountReader: PullHandler<PulledAccountFields> = sageListReader('/ledger_accounts', pulledLedgerAccount);
