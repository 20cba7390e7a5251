import { Webhook } from 'standardwebhooks';
import type { Harness } from './harness.js';
import { waitFor } from './wait.js';

/**
 * Waits for the webhook of `type` about `accountId`, and returns its body once its Standard
 * Webhooks signature verifies with the endpoint's secret (a bad signature throws).
 */
export async function signedWebhook(h: Harness, secret: string, type: string, accountId: string) {
  const delivery = await waitFor(`the ${type} webhook`, () => h.receiver.received.find((w) => w.json.type === type && w.json.data.id === accountId));
  const verified = new Webhook(secret).verify(delivery.body, {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  }) as { id: string; type: string; data: Record<string, unknown> };
  return { delivery, verified };
}
