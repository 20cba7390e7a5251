import type { PulledAccountFields } from '@ledgersync/unified';
import { mapRows } from '../pulled-records.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { LEDGER_ACCOUNT_SCOPES } from './client.js';
import { idOf, pennylaneListPage } from './pull-page.js';
import { fromAccountNumber, PENNYLANE_NUMBER } from './vocabulary.js';

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A ledger account in unified words (its class from the number, as the push reads it back); a string when it cannot be mapped (why). */
export function fromPennylaneItem(item: Record<string, unknown>): PulledRecord<PulledAccountFields> | string {
  const id = idOf(item);
  if (!id) return 'Pennylane listed a ledger account without an integer id';
  const number = text(item.number);
  if (!number || !PENNYLANE_NUMBER.test(number)) return `number ${JSON.stringify(item.number)} is not a French chart of accounts number`;
  const label = text(item.label);
  if (!label) return 'Pennylane listed a ledger account without a label';
  const { classification, type } = fromAccountNumber(number);
  const enabled = item.enabled !== false;
  const updated = text(item.updated_at);
  const created = text(item.created_at);
  return {
    remoteId: id,
    fields: {
      name: label,
      account_number: number,
      classification: classification ?? null,
      type: type ?? null,
      status: enabled ? 'Active' : 'Inactive',
      // Pennylane keeps its books in euros and gives a ledger account no currency of its own.
      parent_remote_id: null,
    },
    remoteData: item,
    ...(created ? { remoteCreatedAt: created } : {}),
    ...(updated ? { remoteUpdatedAt: updated } : {}),
    // A disabled account is Pennylane's archive: still in the chart, out of new entries.
    ...(enabled ? {} : { removed: { kind: 'archived' as const, ...(updated ? { at: updated } : {}) } }),
  };
}

/**
 * The company's ledger accounts, 100 to a page by cursor. The list filters by id, number and
 * enabled only (NOTES.md): no modified-since filter, so every pull is full and the pipeline diffs
 * it; a disabled account is reported archived.
 */
export const pennylaneAccountReader: PullHandler<PulledAccountFields> = {
  async list(context: PullContext, page: string | null): Promise<PullPage<PulledAccountFields>> {
    const { items, next, quotaPauseMs } = await pennylaneListPage(context, '/ledger_accounts', LEDGER_ACCOUNT_SCOPES.read, page);
    return { ...mapRows(items, fromPennylaneItem, idOf), next, ...(quotaPauseMs !== undefined ? { quotaPauseMs } : {}) };
  },
};
