import { setFieldMapping } from '@ledgersync/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { connectionOf, requireApiKey, requireConnection } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { fieldMappingOperations as operations } from '../../openapi/operations/field-mappings.js';
import { descriptorOf } from '../../provider.js';

// Slugs are JSON keys clients write by hand: keep them plain.
const slugParams = z.object({ slug: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'letters, digits and _, starting with a letter') });
const mappingInput = z.object({ remote_field: z.string().min(1).max(200) }).strict();

/**
 * The caller's connection (its `x-connection-token`): which `field_mappings` slugs reach the
 * provider, and under which of the provider's field names. A request sending an unmapped slug is
 * refused (422) rather than losing the value.
 */
export function fieldMappingRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));
    app.addHook('preHandler', requireConnection(deps));

    const view = (connection: { provider: string }, mapped: Record<string, string>) => ({
      provider: connection.provider,
      mappings: Object.entries(mapped).map(([slug, remote_field]) => ({ slug, remote_field })),
    });

    app.get('/', { schema: operations.list }, async (request) => {
      const connection = connectionOf(request);
      return { ...view(connection, connection.fieldMappings), mappable_fields: descriptorOf(connection).mappableFields };
    });

    app.put('/:slug', { schema: { ...operations.set, params: slugParams, body: mappingInput } }, async (request) => {
      const connection = connectionOf(request);
      const descriptor = descriptorOf(connection);
      const { remote_field } = request.body;
      if (!descriptor.mappableFields.includes(remote_field)) {
        throw new ApiError(422, 'unmappable_field', `${descriptor.displayName} has no field "${remote_field}" a mapping may fill`, [
          {
            field: 'remote_field',
            code: 'unsupported_value',
            message: `not one of ${descriptor.displayName}'s mappable fields`,
            accepted: descriptor.mappableFields,
          },
        ]);
      }
      return view(connection, await setFieldMapping(deps.db, connection.id, request.params.slug, remote_field));
    });

    app.delete('/:slug', { schema: { ...operations.remove, params: slugParams } }, async (request, reply) => {
      const connection = connectionOf(request);
      if (!Object.hasOwn(connection.fieldMappings, request.params.slug)) throw notFound(`field mapping ${request.params.slug}`);
      await setFieldMapping(deps.db, connection.id, request.params.slug, null);
      return reply.status(204).send();
    });
  };
}
