import { type Db, type EventRow, loadDelivery, prepareReplay } from '@ledgersync/db';
import { type Queues, requeueDeliveries } from '@ledgersync/jobs';
import type { SecretCipher } from '@ledgersync/secrets';
import type { OperationLog } from './log.js';

/**
 * Sends an event again to the active endpoints subscribed to it (or to `endpointId` only), with
 * the same `webhook-id`, so receivers deduplicate: `POST /events/{id}/replay`. Resolves to the
 * deliveries put back to `pending`; none means no endpoint takes the event.
 */
export async function replayEvent(
  deps: { db: Db; queues: Queues },
  event: EventRow,
  endpointId: string | undefined,
  log: OperationLog,
): Promise<string[]> {
  const deliveryIds = await prepareReplay(deps.db, event, endpointId);
  if (deliveryIds.length === 0) return deliveryIds;
  try {
    await requeueDeliveries(deps.queues, deliveryIds);
  } catch (error) {
    // The deliveries are pending in Postgres: the sweeper enqueues them once Redis is back.
    log.warn({ err: error, deliveryIds }, 'could not enqueue the replay; the sweeper will');
  }
  return deliveryIds;
}

export type DeliveryReplay =
  | { kind: 'replayed'; eventId: string; deliveryIds: string[] }
  | { kind: 'not_found' }
  | { kind: 'not_subscribed'; endpointId: string; eventType: string };

/**
 * Replays one delivery's event to that delivery's endpoint: the job dashboard's retry of a
 * delivery (BullMQ's own retry would find the delivery `failed` in Postgres and send nothing).
 * The enqueue is not deferred to the sweeper here: the dashboard reads the queue, so it reports
 * a queue that does not answer.
 */
export async function replayDelivery(deps: { db: Db; queues: Queues; cipher: SecretCipher }, deliveryId: string): Promise<DeliveryReplay> {
  const found = await loadDelivery(deps.db, deps.cipher, deliveryId);
  if (!found) return { kind: 'not_found' };
  const deliveryIds = await prepareReplay(deps.db, found.event, found.endpoint.id);
  if (deliveryIds.length === 0) return { kind: 'not_subscribed', endpointId: found.endpoint.id, eventType: found.event.type };
  await requeueDeliveries(deps.queues, deliveryIds);
  return { kind: 'replayed', eventId: found.event.id, deliveryIds };
}
