import type { Cursor, EventType, Page } from '@ledgersync/unified';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { deliveryAttempts, events, webhookDeliveries, webhookEndpoints } from '../schema/index.js';
import { keysetPage } from './pages.js';
import { subscribedEndpoints } from './webhooks.js';

export type EventRow = typeof events.$inferSelect;

export function listEvents(
  db: Executor,
  projectId: string,
  page: { cursor: Cursor | null; limit: number; type?: EventType | undefined },
): Promise<Page<EventRow>> {
  const inScope = and(eq(events.projectId, projectId), page.type ? eq(events.type, page.type) : undefined);
  return keysetPage(events.id, page, (edge, order, limit) =>
    db.select().from(events).where(and(inScope, edge)).orderBy(order).limit(limit),
  );
}

export async function getEvent(db: Executor, projectId: string, id: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, id), eq(events.projectId, projectId)));
  return row;
}

/** The event's deliveries, each with every attempt made, oldest first. */
export async function listEventDeliveries(db: Executor, eventId: string) {
  const deliveries = await db
    .select({ delivery: webhookDeliveries, url: webhookEndpoints.url })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.eventId, eventId))
    .orderBy(asc(webhookDeliveries.id));
  const ids = deliveries.map((d) => d.delivery.id);
  const attempts = ids.length
    ? await db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, ids)).orderBy(asc(deliveryAttempts.attempt))
    : [];
  return deliveries.map(({ delivery, url }) => ({ ...delivery, url, attemptLog: attempts.filter((a) => a.deliveryId === delivery.id) }));
}

/**
 * Makes an event due again to every active endpoint subscribed to it (or to one of them): its
 * deliveries go back to `pending`, created where the endpoint subscribed after the event.
 * Returns the delivery ids to enqueue; none when no endpoint qualifies.
 */
export async function prepareReplay(db: Executor, event: EventRow, endpointId?: string): Promise<string[]> {
  const endpoints = await subscribedEndpoints(db, event.projectId, event.type, endpointId);
  if (endpoints.length === 0) return [];
  const rows = await db
    .insert(webhookDeliveries)
    .values(endpoints.map((endpoint) => ({ projectId: event.projectId, eventId: event.id, endpointId: endpoint.id })))
    .onConflictDoUpdate({
      target: [webhookDeliveries.eventId, webhookDeliveries.endpointId],
      set: { status: 'pending', modifiedAt: sql`now()` },
    })
    .returning({ id: webhookDeliveries.id });
  return rows.map((row) => row.id);
}
