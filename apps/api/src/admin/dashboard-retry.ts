import type { PushJob } from '@ledgersync/jobs';
import { replayDelivery, retryFailedRecord } from '@ledgersync/operations';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { SERVED_OBJECTS } from '../objects/index.js';
import { isUuid } from '../routes/query.js';
import { retryableOf } from '../routes/records/index.js';
import { DashboardRefusal } from './queue-adapter.js';

type RetryDeps = Pick<ApiDeps, 'db' | 'queues' | 'cipher'>;

/**
 * Retrying a push in the dashboard (job id = record id, the job names its object) is the API's
 * `POST /accounting/<path>/{id}/retry` for any project: the failed record goes back to `pending`
 * and its push is enqueued again. A record that is not `failed` is refused, as the API refuses it,
 * so a completed push cannot be re-run into a duplicate.
 */
export function retryPushFromDashboard(deps: RetryDeps, log: FastifyBaseLogger) {
  return async (recordId: string, data: unknown): Promise<void> => {
    // A job enqueued before jobs named their object pushed an account.
    const object = (data as Partial<PushJob> | undefined)?.object ?? 'account';
    const entry = SERVED_OBJECTS.find((served) => served.definition.name === object);
    const noun = entry?.noun.one ?? object;
    if (!entry?.push || !isUuid(recordId)) throw new DashboardRefusal(404, `no ${noun} ${recordId}`);
    const outcome = await retryFailedRecord(deps, retryableOf(entry, entry.push), null, recordId, log);
    if (outcome.kind === 'not_found') throw new DashboardRefusal(404, `no ${noun} ${recordId}`);
    if (outcome.kind === 'not_failed') {
      throw new DashboardRefusal(409, `only a failed ${noun} can be retried; ${noun} ${recordId} is ${outcome.status}`);
    }
    log.info({ object, recordId }, `${noun} retried from the job dashboard`);
  };
}

/**
 * Retrying a webhook delivery in the dashboard (job id = delivery id) is the API's
 * `POST /events/{id}/replay` to that delivery's endpoint: the delivery goes back to `pending` and is
 * sent again with the same `webhook-id`. BullMQ's own retry would find the delivery `failed` in
 * Postgres and send nothing.
 */
export function replayDeliveryFromDashboard(deps: RetryDeps, log: FastifyBaseLogger) {
  return async (deliveryId: string): Promise<void> => {
    const replay = isUuid(deliveryId) ? await replayDelivery(deps, deliveryId) : ({ kind: 'not_found' } as const);
    if (replay.kind === 'not_found') throw new DashboardRefusal(404, `no webhook delivery ${deliveryId}`);
    if (replay.kind === 'not_subscribed') {
      throw new DashboardRefusal(409, `endpoint ${replay.endpointId} is inactive or no longer subscribed to ${replay.eventType}`);
    }
    log.info({ deliveryId, eventId: replay.eventId }, 'webhook delivery replayed from the job dashboard');
  };
}
