import { getAccount, listAccounts, toAccountOutput } from '@ledgersync/db';
import { retryFailedAccount } from '@ledgersync/operations';
import { type AccountOutput, accountInputSchema, DEFAULT_PAGE_SIZE, decodeCursor, MAX_PAGE_SIZE } from '@ledgersync/unified';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionOf, requireApiKey, requireConnection } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { descriptorOf } from '../../provider.js';
import { accountOperations as operations } from '../../openapi/operations/accounts.js';
import { booleanFlag, isUuid } from '../query.js';
import { createAccount } from './create.js';
import { idempotencyOf } from './idempotency.js';
import { accountsMeta } from './meta.js';

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

const idParams = z.object({
  id: z.string().meta({ description: 'id of the account.', examples: ['801f9ede-c698-4e66-a7fc-48d19eebaa4f'] }),
});

/** Panora's `/accounting/accounts`, writes queued. */
export function accountRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));
    app.addHook('preHandler', requireConnection(deps));

    app.post('/', { schema: { ...operations.create, body: accountInputSchema, querystring: remoteDataQuery } }, async (request, reply) => {
      const connection = connectionOf(request);
      const includeRemoteData = request.query.remote_data ?? false;
      const outcome = await createAccount(deps, connection, request.body, {
        includeRemoteData,
        idempotency: idempotencyOf(request, connection.id, { body: request.body, includeRemoteData }),
        log: request.log,
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      // 201 and nothing else on success: Panora's SDK rejects other success codes.
      // A replay answers the stored body of the first request: that 201 and its account.
      return reply.status(outcome.status as 201).send(outcome.body as AccountOutput);
    });

    app.get('/meta', { schema: operations.meta }, async (request) => {
      const connection = connectionOf(request);
      return accountsMeta(descriptorOf(connection), connection);
    });

    app.get('/', { schema: { ...operations.list, querystring: listQuery } }, async (request) => {
      const connection = connectionOf(request);
      const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : null;
      if (request.query.cursor && !cursor) {
        throw new ApiError(400, 'invalid_request', 'cursor is not one this API issued', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      const page = await listAccounts(
        deps.db,
        { projectId: connection.projectId, connectionId: connection.id },
        { cursor, limit: request.query.limit },
      );
      const includeRemote = request.query.remote_data ?? false;
      return { ...page, data: page.data.map((row) => toAccountOutput(row, includeRemote)) };
    });

    app.get('/:id', { schema: { ...operations.retrieve, params: idParams, querystring: remoteDataQuery } }, async (request) => {
      const connection = connectionOf(request);
      const { id } = request.params;
      const row = isUuid(id) ? await getAccount(deps.db, { projectId: connection.projectId, connectionId: connection.id }, id) : undefined;
      if (!row) throw notFound(`account ${id}`);
      return toAccountOutput(row, request.query.remote_data ?? false);
    });

    // failed → pending, the only way back; the dashboard's retry goes through the same function.
    app.post('/:id/retry', { schema: { ...operations.retry, params: idParams } }, async (request, reply) => {
      const connection = connectionOf(request);
      const { id } = request.params;
      if (!isUuid(id)) throw notFound(`account ${id}`);
      const outcome = await retryFailedAccount(deps, { projectId: connection.projectId, connectionId: connection.id }, id, request.log);
      if (outcome.kind === 'not_found') throw notFound(`account ${id}`);
      if (outcome.kind === 'not_failed')
        throw new ApiError(409, 'not_failed', `only a failed account can be retried; this one is ${outcome.status}`);
      return reply.status(202).send(toAccountOutput(outcome.row, false));
    });
  };
}
