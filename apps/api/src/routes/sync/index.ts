import { listPullStates, type PulledObjectName, projectPullFrequency, pullStatusView, setProjectPullFrequency } from '@ledgersync/db';
import { startFullPull } from '@ledgersync/operations';
import { pulledObjectsOf } from '@ledgersync/providers';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, connectionOf, requireApiKey, requireConnection } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { syncOperations as operations } from '../../openapi/operations/sync.js';
import { pullFrequencySchema } from '../../openapi/schemas/sync.js';

const verticalParams = z.object({ vertical: z.string().meta({ description: 'The vertical: `accounting`.', examples: ['accounting'] }) });
const OTHER_VERTICALS = { crm: 0, filestorage: 0, ecommerce: 0, ticketing: 0 };

/** Panora's `/sync`: a pull on demand, the freshness of the connection's books, and how often they are pulled. */
export function syncRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));

    // After the key's hook: these two are about the caller's connection.
    const connectionScoped = requireConnection(deps);

    app.post('/resync', { schema: operations.resync, preHandler: connectionScoped }, async (request, reply) => {
      const connection = connectionOf(request);
      // What the provider offers, and what the connection pulled before (a reader since removed is skipped by the worker).
      const scheduled = (await listPullStates(deps.db, connection.id)).map((state) => state.object as PulledObjectName);
      const objects = [...new Set([...pulledObjectsOf(connection.provider), ...scheduled])];
      // Enqueued, or due in Postgres for the sweeper when Redis is away: either way it will run.
      await startFullPull(deps, connection, objects, request.log);
      return reply.status(201).send({
        timestamp: new Date().toISOString(),
        vertical: 'accounting' as const,
        provider: connection.provider,
        status: 'success' as const,
      });
    });

    app.get(
      '/status/:vertical',
      { schema: { ...operations.status, params: verticalParams }, preHandler: connectionScoped },
      async (request) => {
        if (request.params.vertical !== 'accounting') throw notFound(`vertical ${request.params.vertical}`);
        const connection = connectionOf(request);
        const states = await listPullStates(deps.db, connection.id);
        return {
          vertical: 'accounting' as const,
          provider: connection.provider,
          connection_id: connection.id,
          objects: Object.fromEntries(states.map((state) => [state.object, pullStatusView(state)])),
        };
      },
    );

    app.post('/pull_frequencies', { schema: { ...operations.setFrequency, body: pullFrequencySchema } }, async (request, reply) => {
      const { projectId } = callerOf(request);
      await setProjectPullFrequency(deps.db, projectId, request.body.accounting);
      return reply.status(201).send({ accounting: request.body.accounting, ...OTHER_VERTICALS });
    });

    app.get('/pull_frequencies', { schema: operations.getFrequency }, async (request) => {
      const { projectId } = callerOf(request);
      return { accounting: await projectPullFrequency(deps.db, projectId), ...OTHER_VERTICALS };
    });
  };
}
