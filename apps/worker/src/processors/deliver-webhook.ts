import { recordDeliveryAttempt, setWebhookEndpointActive } from '@ledgersync/db';
import type { DeliverWebhookJob } from '@ledgersync/jobs';
import { stringifyJsonExact, type WebhookPayload } from '@ledgersync/unified';
import { postWebhook, signedHeaders } from '@ledgersync/webhooks';
import { type Job, UnrecoverableError } from 'bullmq';
import { createBatchedReads } from '../batched-reads.js';
import type { WorkerContext } from '../context.js';

export class DeliveryFailed extends Error {
  override readonly name = 'DeliveryFailed';
}

/**
 * Sends one event to one endpoint, signed per Standard Webhooks, and logs the attempt. Any answer
 * other than 2xx is retried on the delivery schedule; the `webhook-id` (the event id) is the same
 * on every attempt so the receiver can deduplicate.
 */
export function createDeliverWebhookProcessor(context: WorkerContext) {
  const reads = createBatchedReads(context);
  return async function deliverWebhook(job: Job<DeliverWebhookJob>): Promise<{ outcome: string }> {
    const { deliveryId } = job.data;
    const log = context.logger.child({ jobId: job.id, deliveryId });
    const delivery = await reads.delivery(deliveryId);
    if (!delivery) return { outcome: 'missing' };
    if (delivery.delivery.status !== 'pending') return { outcome: delivery.delivery.status };

    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!delivery.endpoint.active) {
      await recordDeliveryAttempt(context.db, deliveryId, {
        statusCode: null,
        error: 'endpoint deactivated',
        durationMs: 0,
        responseExcerpt: null,
        outcome: 'failed',
      });
      context.metrics?.webhookDelivery('failed');
      return { outcome: 'endpoint-inactive' };
    }

    const { event } = delivery;
    const payload: WebhookPayload = { id: event.id, type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload };
    // Amounts keep their digits in the body the customer verifies and reads (exact-json.ts).
    const body = stringifyJsonExact(payload);
    const headers = signedHeaders(delivery.secrets, event.id, Math.floor(Date.now() / 1000), body);
    const result = await postWebhook({
      url: delivery.endpoint.url,
      body,
      headers: { ...headers },
      timeoutMs: context.settings.WEBHOOK_TIMEOUT_MS,
      allowPrivateTargets: context.settings.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });

    // 410 Gone: the customer took the endpoint down; stop sending to it (Svix does the same).
    const gone = result.statusCode === 410;
    await recordDeliveryAttempt(context.db, deliveryId, {
      statusCode: result.statusCode,
      error: gone ? 'endpoint answered 410 Gone: endpoint disabled' : result.error,
      durationMs: result.durationMs,
      responseExcerpt: result.excerpt,
      outcome: result.ok ? 'delivered' : gone || lastAttempt ? 'failed' : 'retrying',
    });
    context.metrics?.webhookDelivery(result.ok ? 'delivered' : gone ? 'disabled' : lastAttempt ? 'failed' : 'retried');
    if (result.ok) {
      log.info({ endpointId: delivery.endpoint.id, eventType: event.type, status: result.statusCode }, 'webhook delivered');
      return { outcome: 'delivered' };
    }
    if (gone) {
      await setWebhookEndpointActive(context.db, delivery.endpoint.projectId, delivery.endpoint.id, false);
      log.warn({ endpointId: delivery.endpoint.id }, 'endpoint answered 410 Gone: disabled');
      throw new UnrecoverableError('endpoint answered 410 Gone');
    }
    const reason = result.error ?? `endpoint answered ${result.statusCode}`;
    log.warn({ endpointId: delivery.endpoint.id, reason, attempt: job.attemptsMade + 1 }, 'webhook delivery failed');
    throw new DeliveryFailed(reason);
  };
}
