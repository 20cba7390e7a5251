import {
  type Executor,
  markConnectionInvalid,
  type NewEvent,
  type RecordRow,
  recordEvent,
  recordPushFailed,
  recordPushSynced,
} from '@ledgersync/db';
import { enqueueDeliveries } from '@ledgersync/jobs';
import type { PushResult } from '@ledgersync/providers';
import type { PushedObjectName, SyncError } from '@ledgersync/unified';
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
 * The record is at the provider: `synced`, and one `created` event whatever the number of runs,
 * in one statement (record, event, deliveries). Returns false when another run had already
 * finished the record.
 */
export async function recordSynced(
  context: WorkerContext,
  object: PushedObjectName,
  claimed: RecordRow,
  result: PushResult,
): Promise<boolean> {
  const deliveryIds = await recordPushSynced(context.db, object, claimed, result);
  if (deliveryIds === null) return false;
  await enqueue(context, deliveryIds);
  return true;
}

/**
 * The push failed for good: `failed`, and one `failed` event per failed push cycle, through the
 * same statement as a synced push. `current` is the record as last read (claimed, or loaded).
 */
export async function recordFailed(context: WorkerContext, object: PushedObjectName, current: RecordRow, error: SyncError): Promise<void> {
  const deliveryIds = await recordPushFailed(context.db, object, current, error);
  if (deliveryIds) await enqueue(context, deliveryIds);
}
