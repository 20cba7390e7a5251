import { replayDelivery, retryFailedAccount } from '@ledgersync/operations';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { isUuid } from '../routes/query.js';
import { DashboardRefusal } from './queue-adapter.js';

type RetryDeps = Pick<ApiDeps, 'db' | 'queues' | 'cipher'>;

/**
 * Retrying a push in the dashboard (job id = account id) is the API's
 * `POST /accounting/accounts/{id}/retry` for any project: the failed account goes back to
 * `pending` and its push is enqueued again. An account that is not `failed` is refused, as the API
 * refuses it, so a completed push cannot be re-run into a duplicate.
 */
export function retryPushFromDashboard(deps: RetryDeps, log: FastifyBaseLogger) {
  return async (accountId: string): Promise<void> => {
    if (!isUuid(accountId)) throw new DashboardRefusal(404, `no account ${accountId}`);
    const outcome = await retryFailedAccount(deps, null, accountId, log);
    if (outcome.kind === 'not_found') throw new DashboardRefusal(404, `no account ${accountId}`);
    if (outcome.kind === 'not_failed') {
      throw new DashboardRefusal(409, `only a failed account can be retried; account ${accountId} is ${outcome.status}`);
    }
    log.info({ accountId }, 'account retried from the job dashboard');
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
