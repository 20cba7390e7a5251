import {
  type AccountRow,
  type Executor,
  markAccountFailed,
  markConnectionInvalid,
  type NewEvent,
  recordAccountSynced,
  recordEvent,
  syncedAccount,
  toAccountOutput,
} from '@ledgersync/db';
import { enqueueDeliveries } from '@ledgersync/jobs';
import type { PushResult } from '@ledgersync/providers';
import type { EventType, SyncError } from '@ledgersync/unified';
import type { WorkerContext } from './context.js';

/**
 * Records a state change and its event in one transaction, then enqueues the deliveries. The
 * event's unique key makes a second run record nothing; a failed enqueue leaves pending deliveries
 * that the sweeper enqueues later.
 */
async function recordChange<Row>(
  context: WorkerContext,
  change: (tx: Executor) => Promise<Row | undefined>,
  event: (row: Row) => NewEvent,
): Promise<void> {
  const deliveryIds = await context.db.transaction(async (tx) => {
    const row = await change(tx);
    if (!row) return [];
    const recorded = await recordEvent(tx, event(row));
    return recorded?.deliveryIds ?? [];
  });
  await enqueue(context, deliveryIds);
}

function recordOutcome(
  context: WorkerContext,
  accountId: string,
  change: (tx: Executor) => Promise<AccountRow | undefined>,
  event: (row: AccountRow) => { type: EventType; dedupeKey: string; includeRemoteData: boolean },
): Promise<void> {
  return recordChange(context, change, (row) => {
    const { type, dedupeKey, includeRemoteData } = event(row);
    return { projectId: row.projectId, type, dedupeKey, object: 'account', recordId: accountId, payload: toAccountOutput(row, includeRemoteData) };
  });
}

/**
 * The provider refused the connection's credentials for good: `invalid`, and one
 * `connection.invalid` event per time it goes from active to invalid.
 */
export function recordConnectionInvalid(context: WorkerContext, connectionId: string, reason: string): Promise<void> {
  return recordChange(
    context,
    (tx) => markConnectionInvalid(tx, connectionId, reason),
    (connection) => ({
      projectId: connection.projectId,
      type: 'connection.invalid',
      dedupeKey: `${connection.id}:invalid:${Date.now()}`,
      object: null,
      recordId: null,
      payload: { id: connection.id, provider: connection.provider, tenant_id: connection.tenantId, status: 'invalid', reason },
    }),
  );
}

async function enqueue(context: WorkerContext, deliveryIds: string[]): Promise<void> {
  try {
    await enqueueDeliveries(context.queues, deliveryIds);
  } catch (error) {
    context.logger.warn({ err: error, deliveryIds }, 'could not enqueue webhook deliveries; the sweeper will');
  }
}

/**
 * The account is at the provider: `synced`, and one `created` event whatever the number of runs,
 * in one statement. Returns false when another run had already finished the account.
 */
export async function recordSynced(context: WorkerContext, claimed: AccountRow, result: PushResult): Promise<boolean> {
  const synced = syncedAccount(claimed, result, new Date());
  const deliveryIds = await recordAccountSynced(context.db, synced, {
    projectId: synced.projectId,
    type: 'accounting.account.created',
    dedupeKey: `${synced.id}:created`,
    object: 'account',
    recordId: synced.id,
    payload: toAccountOutput(synced, true),
  });
  if (deliveryIds === null) return false;
  await enqueue(context, deliveryIds);
  return true;
}

/** The push failed for good: `failed`, and one `failed` event per failed push cycle. */
export function recordFailed(context: WorkerContext, accountId: string, error: SyncError): Promise<void> {
  return recordOutcome(
    context,
    accountId,
    (tx) => markAccountFailed(tx, accountId, error),
    (row) => ({ type: 'accounting.account.failed', dedupeKey: `${accountId}:failed:${row.syncAttempts}`, includeRemoteData: false }),
  );
}
