import { getAccount, listAccounts, toAccountOutput } from '@ledgersync/db';
import { accountInputSchema, DEFAULT_PAGE_SIZE, decodeCursor, MAX_PAGE_SIZE } from '@ledgersync/unified';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionOf, requireApiKey, requireConnection } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { descriptorOf } from '../../provider.js';
import { booleanFlag, isUuid } from '../query.js';
import { createAccount } from './create.js';
import { idempotencyOf } from './idempotency.js';
import { accountsMeta } from './meta.js';
import { retryFailedAccount } from './retry.js';

const remoteDataQuery = z.object({ remote_data: booleanFlag.optional() });

const listQuery = remoteDataQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(512).optional(),
});

/** Panora's `/accounting/accounts`, writes queued. */
export function accountRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));
    app.addHook('preHandler', requireConnection(deps));

    app.post('/', { schema: { body: accountInputSchema, querystring: remoteDataQuery } }, async (request, reply) => {
      const connection = connectionOf(request);
      const includeRemoteData = request.query.remote_data ?? false;
      const outcome = await createAccount(deps, connection, request.body, {
        includeRemoteData,
        idempotency: idempotencyOf(request, connection.id, { body: request.body, includeRemoteData }),
        log: request.log,
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      // 201 and nothing else on success: Panora's SDK rejects other success codes.
      return reply.status(outcome.status).send(outcome.body);
    });

    app.get('/meta', async (request) => {
      const connection = connectionOf(request);
      return accountsMeta(descriptorOf(connection), connection);
    });

    app.get('/', { schema: { querystring: listQuery } }, async (request) => {
      const connection = connectionOf(request);
      const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      if (request.query.cursor && !cursor) {
        throw new ApiError(400, 'invalid_request', 'cursor is not one this API issued', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      const page = await listAccounts(deps.db, { projectId: connection.projectId, connectionId: connection.id }, { cursor, limit: request.query.limit });
      const includeRemote = request.query.remote_data ?? false;
      return { ...page, data: page.data.map((row) => toAccountOutput(row, includeRemote)) };
    });

    app.get('/:id', { schema: { params: z.object({ id: z.string() }), querystring: remoteDataQuery } }, async (request) => {
      const connection = connectionOf(request);
      const { id } = request.params;
      const row = isUuid(id) ? await getAccount(deps.db, { projectId: connection.projectId, connectionId: connection.id }, id) : undefined;
      if (!row) throw notFound(`account ${id}`);
      return toAccountOutput(row, request.query.remote_data ?? false);
    });

    // failed → pending, the only way back; the dashboard's retry goes through the same function.
    app.post('/:id/retry', { schema: { params: z.object({ id: z.string() }) } }, async (request, reply) => {
      const connection = connectionOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound(`account ${id}`);
      const outcome = await retryFailedAccount(deps, { projectId: connection.projectId, connectionId: connection.id }, id, request.log);
      if (outcome.kind === 'not_found') throw notFound(`account ${id}`);
      if (outcome.kind === 'not_failed') throw new ApiError(409, 'not_failed', `only a failed account can be retried; this one is ${outcome.status}`);
      return reply.status(202).send(toAccountOutput(outcome.row, false));
    });
  };
}
