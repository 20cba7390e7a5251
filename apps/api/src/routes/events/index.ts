import { getEvent, listEventDeliveries, listEvents } from '@ledgersync/db';
import { replayEvent } from '@ledgersync/operations';
import { DEFAULT_PAGE_SIZE, decodeCursor, EVENT_TYPES, MAX_PAGE_SIZE } from '@ledgersync/unified';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireApiKey } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { eventOperations as operations } from '../../openapi/operations/events.js';
import { isUuid } from '../query.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional(),
  type: z.enum(EVENT_TYPES).optional(),
});
const idParams = z.object({ id: z.string() });

// `account_id` as the API has always answered it: the record's id when the event is about an account.
const toEvent = (row: { id: string; type: string; object: string | null; recordId: string | null; createdAt: Date; payload: unknown }) => ({
  id: row.id,
  type: row.type,
  account_id: row.object === 'account' ? row.recordId : null,
  created_at: row.createdAt.toISOString(),
  data: row.payload,
});

/**
 * The events the project's webhooks carry: list them, see every delivery attempt of one, and
 * replay one to the endpoints subscribed to it (same `webhook-id`, so receivers deduplicate).
 */
export function eventRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));

    app.get('/', { schema: { ...operations.list, querystring: listQuery } }, async (request) => {
      const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      if (request.query.cursor && !cursor) {
        throw new ApiError(400, 'invalid_request', 'cursor is not one this API issued', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      const page = await listEvents(deps.db, callerOf(request).projectId, { cursor, limit: request.query.limit, type: request.query.type });
      return { ...page, data: page.data.map(toEvent) };
    });

    app.get('/:id', { schema: { ...operations.retrieve, params: idParams } }, async (request) => {
      const { id } = request.params;
      const event = isUuid(id) ? await getEvent(deps.db, callerOf(request).projectId, id) : undefined;
      if (!event) throw notFound(`event ${id}`);
      const deliveries = await listEventDeliveries(deps.db, event.id);
      return {
        ...toEvent(event),
        deliveries: deliveries.map((d) => ({
          id: d.id,
          endpoint_id: d.endpointId,
          url: d.url,
          status: d.status,
          attempts: d.attempts,
          last_status_code: d.lastStatusCode,
          last_error: d.lastError,
          delivered_at: d.deliveredAt?.toISOString() ?? null,
          attempt_log: d.attemptLog.map((a) => ({
            attempt: a.attempt,
            status_code: a.statusCode,
            error: a.error,
            duration_ms: a.durationMs,
            response_excerpt: a.responseExcerpt,
            at: a.createdAt.toISOString(),
          })),
        })),
      };
    });

    app.post(
      '/:id/replay',
      {
        schema: {
          ...operations.replay,
          params: idParams, // A bodiless POST reaches the validator as null.
          body: z.object({ endpoint_id: z.uuid().optional() }).strict().nullish(),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const event = isUuid(id) ? await getEvent(deps.db, callerOf(request).projectId, id) : undefined;
        if (!event) throw notFound(`event ${id}`);
        const deliveryIds = await replayEvent(deps, event, request.body?.endpoint_id, request.log);
        if (deliveryIds.length === 0) {
          throw new ApiError(
            422,
            'no_endpoint',
            `no active webhook endpoint${request.body?.endpoint_id ? ' with that id' : ''} is subscribed to ${event.type}`,
          );
        }
        return reply.status(202).send({ event_id: event.id, deliveries: deliveryIds });
      },
    );
  };
}
