import { retryFailedRecord } from '@ledgersync/operations';
import { DEFAULT_PAGE_SIZE, decodeCursor, MAX_PAGE_SIZE } from '@ledgersync/unified';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionOf, requireApiKey, requireConnection } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { standingLookup } from '../../lookups.js';
import { descriptorOf } from '../../provider.js';
import { booleanFlag, isUuid } from '../query.js';
import type { StoredRecord } from '@ledgersync/db';
import { checkRecord, type Reference } from './check.js';
import { createRecord, type ObjectIntake } from './create.js';
import { type PushRoutes, type RecordRoutes, retryableOf } from './entry.js';
import { idempotencyOf } from './idempotency.js';
import { createRecordIntake } from './intake-batch.js';

export { type PushRoutes, type RecordRoutes, retryableOf } from './entry.js';

const remoteDataQuery = z.object({
  remote_data: booleanFlag.optional().meta({ description: "Set to true to include the provider's raw answer (`remote_data`)." }),
});

const listQuery = remoteDataQuery.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: 'Set to get the number of records.' }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .meta({ description: 'The `next_cursor` or `prev_cursor` of a page: the one after or before it.' }),
});

const idParams = (noun: string) =>
  z.object({
    id: z.string().meta({ description: `id of the ${noun}.`, examples: ['801f9ede-c698-4e66-a7fc-48d19eebaa4f'] }),
  });

/**
 * Serves each object at Panora's `/accounting/<path>`: list and get for every object, and for an
 * object ledgersync pushes the intake, the retry and `/meta`. A reference (`dependsOn`) must name
 * an object served here too.
 */
export async function registerRecordRoutes(app: FastifyInstance, deps: RouteDeps, entries: readonly RecordRoutes[]): Promise<void> {
  const byName = new Map(entries.map((entry) => [entry.definition.name, entry]));
  // One batched standing lookup per referenced object, shared by the objects that reference it.
  const standings = new Map<string, Reference['standing']>();
  const referenceOf = (entry: RecordRoutes): Reference | undefined => {
    const dependsOn = entry.definition.dependsOn;
    if (!dependsOn) return undefined;
    const target = byName.get(dependsOn.object);
    if (!target) throw new Error(`${entry.definition.name} depends on ${dependsOn.object}, which is not served`);
    let standing = standings.get(dependsOn.object);
    if (!standing) {
      standing = standingLookup(deps.db, target.records);
      standings.set(dependsOn.object, standing);
    }
    return { field: dependsOn.field, label: dependsOn.label, noun: target.noun.one, standing };
  };
  for (const entry of entries) {
    const pushes = entry.definition.directions.includes('push');
    if (pushes !== Boolean(entry.push) || (pushes && !entry.definition.inputSchema)) {
      throw new Error(
        `${entry.definition.name}: its directions (${entry.definition.directions.join(', ')}) and its push routes and input schema disagree`,
      );
    }
    await app.register(recordRoutes(deps, entry, entry.push ? referenceOf(entry) : undefined), {
      prefix: `/accounting/${entry.definition.path}`,
    });
  }
}

type RecordApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** One object's routes (Panora's paths), writes queued. */
function recordRoutes(deps: RouteDeps, entry: RecordRoutes, reference: Reference | undefined): FastifyPluginAsyncZod {
  const { noun, records, docs, push } = entry;
  const params = idParams(noun.one);
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));
    app.addHook('preHandler', requireConnection(deps));

    // In this order (create, meta, list, get, retry): the document lists the operations so.
    if (push) intakeRoutes(app, deps, entry, push, reference);

    app.get('/', { schema: { ...docs.list, querystring: listQuery } }, async (request) => {
      const connection = connectionOf(request);
      const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      if (request.query.cursor && !cursor) {
        throw new ApiError(400, 'invalid_request', 'cursor is not one this API issued', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      const page = await records.list(
        deps.db,
        { projectId: connection.projectId, connectionId: connection.id },
        { cursor, limit: request.query.limit },
      );
      const includeRemote = request.query.remote_data ?? false;
      return { ...page, data: page.data.map((row) => records.toOutput(row, includeRemote)) };
    });

    app.get('/:id', { schema: { ...docs.retrieve, params, querystring: remoteDataQuery } }, async (request) => {
      const connection = connectionOf(request);
      const { id } = request.params;
      const row = isUuid(id) ? await records.get(deps.db, { projectId: connection.projectId, connectionId: connection.id }, id) : undefined;
      if (!row) throw notFound(`${noun.one} ${id}`);
      return records.toOutput(row, request.query.remote_data ?? false);
    });

    if (push) retryRoute(app, deps, entry, push);
  };
}

/** The intake (`POST /`) and `/meta` of an object ledgersync pushes. */
function intakeRoutes(app: RecordApp, deps: RouteDeps, entry: RecordRoutes, push: PushRoutes, reference: Reference | undefined): void {
  const { definition, records } = entry;
  const intake: ObjectIntake<StoredRecord, unknown, unknown> = {
    object: definition.name,
    check: (connection, input) => checkRecord(entry, push, reference, connection, input),
    // One batch per object: its requests share one INSERT and one addBulk.
    batch: createRecordIntake(deps, definition.name, push.records),
    records: push.records,
    toOutput: (row, includeRemoteData) => records.toOutput(row, includeRemoteData),
  };

  app.post('/', { schema: { ...push.docs.create, body: definition.inputSchema, querystring: remoteDataQuery } }, async (request, reply) => {
    const connection = connectionOf(request);
    const includeRemoteData = request.query.remote_data ?? false;
    const outcome = await createRecord(deps, intake, connection, request.body, {
      includeRemoteData,
      idempotency: idempotencyOf(request, connection.id, { body: request.body, includeRemoteData }),
      log: request.log,
    });
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    // 201 and nothing else on success: Panora's SDK rejects other success codes.
    // A replay answers the stored body of the first request: that 201 and its record.
    return reply.status(outcome.status).send(outcome.body);
  });

  app.get('/meta', { schema: push.docs.meta }, async (request) => {
    const connection = connectionOf(request);
    return push.meta(descriptorOf(connection), connection);
  });
}

/** failed → pending, the only way back; the dashboard's retry goes through the same function. */
function retryRoute(app: RecordApp, deps: RouteDeps, entry: RecordRoutes, push: PushRoutes): void {
  const { noun, records } = entry;
  const retryable = retryableOf(entry, push);
  app.post('/:id/retry', { schema: { ...push.docs.retry, params: idParams(noun.one) } }, async (request, reply) => {
    const connection = connectionOf(request);
    const { id } = request.params;
    if (!isUuid(id)) throw notFound(`${noun.one} ${id}`);
    const outcome = await retryFailedRecord(
      deps,
      retryable,
      { projectId: connection.projectId, connectionId: connection.id },
      id,
      request.log,
    );
    if (outcome.kind === 'not_found') throw notFound(`${noun.one} ${id}`);
    if (outcome.kind === 'not_failed') {
      throw new ApiError(409, 'not_failed', `only a failed ${noun.one} can be retried; this one is ${outcome.status}`);
    }
    return reply.status(202).send(records.toOutput(outcome.row, false));
  });
}
