import type { EventType, ObjectName } from '@ledgersync/unified';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, exactJsonb, id } from './columns.js';
import { projects } from './tenancy.js';

/**
 * A customer's endpoint; `secret` is ciphertext of its `whsec_` signing secret. After a rotation
 * the replaced secret stays in `previousSecret` (ciphertext too) until `previousSecretExpiresAt`,
 * and deliveries carry a signature under each, so receivers can switch secrets without a gap.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: id(),
  projectId: uuid()
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  url: text().notNull(),
  description: text(),
  scope: text().array().$type<EventType[]>().notNull(),
  secret: text().notNull(),
  previousSecret: text(),
  previousSecretExpiresAt: at(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
  modifiedAt: at().notNull().defaultNow(),
});

/**
 * Something that happened, once. `dedupeKey` is unique so a job that runs twice records one
 * event (`<record id>:created`); its id is the `webhook-id` every delivery of it carries.
 */
export const events = pgTable(
  'events',
  {
    id: id(),
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    type: text().$type<EventType>().notNull(),
    dedupeKey: text().notNull().unique(),
    /** The object of the record the event is about (`account`), null for a connection's event. */
    object: text().$type<ObjectName>(),
    recordId: uuid(),
    payload: exactJsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.projectId, t.id)],
);

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to one endpoint; the unit the delivery queue retries. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text().$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: at(),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.eventId, t.endpointId),
    index().on(t.endpointId, t.id),
    index('webhook_deliveries_pending_idx')
      .on(t.modifiedAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/** Every attempt to deliver, kept for the customer's and the operator's inspection. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: id(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    /** The first KiB of what the endpoint answered. */
    responseExcerpt: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.deliveryId)],
);

