import { CLASSIFICATIONS, type PulledAccountFields, toDecimal } from '@ledgersync/unified';
import type { JsonNumber } from '@ledgersync/unified';
import { pick } from './client.js';
import { type EntityReader, entityPullHandler, parentOf } from './entity-feed.js';
import { type Mapped, pulledRecord, refOf, textOf } from './pull-support.js';
import { unifiedTypeOf } from './vocabulary.js';

const remoteId = (id: string) => id;

/**
 * An Account as the chart's record, in unified words through the push's vocabulary (vocabulary.ts).
 * QuickBooks never deletes an account, it makes it inactive: that is an archive. An AccountType
 * the vocabulary has no word for (Non-Posting) is skipped, with the reason.
 */
export function pulledAccount(row: unknown): Mapped<PulledAccountFields> {
  const id = textOf(row, 'Id');
  if (!id) return { skipped: { remoteId: '', reason: 'a QuickBooks Account without an Id' } };
  const name = textOf(row, 'Name');
  if (!name) return { skipped: { remoteId: id, reason: 'a QuickBooks Account without a Name' } };
  const accountType = textOf(row, 'AccountType');
  const subType = textOf(row, 'AccountSubType');
  const type = unifiedTypeOf(accountType, subType);
  if (!type) return { skipped: { remoteId: id, reason: `QuickBooks AccountType "${accountType ?? ''}" has no unified account type` } };
  const rawBalance = pick(row, 'CurrentBalance');
  const balance = rawBalance === undefined || rawBalance === null ? null : toDecimal(rawBalance as number | JsonNumber | string);
  if (rawBalance !== undefined && rawBalance !== null && balance === null) {
    return { skipped: { remoteId: id, reason: `QuickBooks CurrentBalance "${String(rawBalance)}" is not an amount` } };
  }
  const active = pick(row, 'Active') !== false;
  const classification = CLASSIFICATIONS.find((c) => c === textOf(row, 'Classification')) ?? null;
  const fields: PulledAccountFields = {
    name,
    description: textOf(row, 'Description') ?? null,
    classification,
    type,
    status: active ? 'Active' : 'Inactive',
    current_balance: balance,
    currency: refOf(row, 'CurrencyRef') ?? null,
    account_number: textOf(row, 'AcctNum') ?? null,
    parent_remote_id: parentOf(row, remoteId),
  };
  return pulledRecord(id, fields, row, active);
}

const accountReader: EntityReader<PulledAccountFields> = { entity: 'Account', remoteId, map: pulledAccount };

/** The chart of accounts: the query API's pages, and CDC for what changed since. */
export const quickbooksAccountsPull = entityPullHandler([accountReader], { cdc: true });
