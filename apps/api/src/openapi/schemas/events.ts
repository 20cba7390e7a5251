import { EVENT_TYPES } from '@ledgersync/unified';
import { z } from 'zod';

const dateTime = () => z.string().meta({ format: 'date-time' });

const eventFields = {
  id: z.string().meta({ format: 'uuid', description: 'Also the `webhook-id` of every delivery of the event.' }),
  type: z.string().meta({ enum: [...EVENT_TYPES] }),
  account_id: z.string().nullable().meta({ description: 'The account the event is about, if any.' }),
  created_at: dateTime(),
  data: z.unknown().meta({ description: 'What the webhook carries as `data`.' }),
};

/** One event as routes/events lists it. */
export const eventSchema = z.object(eventFields).meta({ id: 'Event', description: 'Something that happened, as webhooks carry it.' });

export const eventPageSchema = z.object({
  prev_cursor: z.string().nullable(),
  next_cursor: z.string().nullable(),
  data: z.array(eventSchema),
});

const attemptSchema = z.object({
  attempt: z.number().int(),
  status_code: z.number().int().nullable().meta({ description: "The endpoint's HTTP status; null when none came back." }),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
  response_excerpt: z.string().nullable().meta({ description: 'The first KiB of what the endpoint answered.' }),
  at: dateTime(),
});

const deliverySchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    endpoint_id: z.string().meta({ format: 'uuid' }),
    url: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: dateTime().nullable(),
    attempt_log: z.array(attemptSchema),
  })
  .meta({ id: 'EventDelivery', description: 'The event sent to one endpoint, with every attempt.' });

export const eventWithDeliveriesSchema = z
  .object({ ...eventFields, deliveries: z.array(deliverySchema) })
  .meta({ id: 'EventWithDeliveries' });

export const replaySchema = z.object({
  event_id: z.string().meta({ format: 'uuid' }),
  deliveries: z.array(z.string()).meta({ description: 'The deliveries queued again.' }),
});
