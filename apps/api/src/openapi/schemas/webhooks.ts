import { EVENT_TYPES } from '@ledgersync/unified';
import { z } from 'zod';

const dateTime = () => z.string().meta({ format: 'date-time' });

/** Panora's `WebhookResponse`, as routes/webhooks answers it. */
export const webhookResponseSchema = z
  .object({
    id_webhook_endpoint: z.string().meta({ format: 'uuid', description: 'The id of the webhook endpoint.' }),
    endpoint_description: z
      .string()
      .nullable()
      .meta({ examples: ['Webhook to receive account events'] }),
    url: z.string().meta({ examples: ['https://acme.com/webhook_receiver'] }),
    secret: z.string().meta({
      description: 'The `whsec_` signing secret: in full only in the answer to the creation, masked afterwards.',
      examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    }),
    active: z.boolean(),
    created_at: dateTime(),
    scope: z.array(z.enum(EVENT_TYPES)).meta({ description: 'The event types sent to this endpoint.' }),
    id_project: z.string().meta({ format: 'uuid' }),
    last_update: dateTime(),
  })
  .meta({ id: 'WebhookResponse' });

/** The answer to `rotate_secret`: the endpoint with its new secret in full, and when the old one stops signing. */
export const rotatedWebhookSchema = webhookResponseSchema
  .extend({
    previous_secret_expires_at: dateTime()
      .nullable()
      .meta({ description: 'Until then deliveries carry a signature under the replaced secret too (`WEBHOOK_SECRET_OVERLAP_HOURS`).' }),
  })
  .meta({ id: 'RotatedWebhookResponse' });
