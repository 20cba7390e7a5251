import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  TooManyRotations,
  setWebhookEndpointActive,
  type WebhookEndpointRow,
} from '@ledgersync/db';
import { EVENT_TYPES } from '@ledgersync/unified';
import { checkWebhookTarget, generateWebhookSecret } from '@ledgersync/webhooks';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, requireApiKey } from '../../auth.js';
import type { RouteDeps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { webhookOperations as operations } from '../../openapi/operations/webhooks.js';
import { isUuid } from '../query.js';

const webhookInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
    description: z.string().max(500).nullish(),
    scope: z
      .array(z.enum(EVENT_TYPES, { error: `must be one of: ${EVENT_TYPES.join(', ')}` }))
      .min(1)
      .max(EVENT_TYPES.length),
  })
  .strict()
  .meta({ id: 'WebhookDto' });

const idParams = z.object({ id: z.string() });

/** Egress and rotation settings (`WEBHOOK_ALLOW_PRIVATE_TARGETS`, `WEBHOOK_SECRET_OVERLAP_HOURS`). */
export interface WebhookRouteOptions {
  /** Accept URLs naming a loopback or private IP (development and tests). Default false. */
  allowPrivateWebhookTargets?: boolean;
  /** How long a replaced secret keeps signing after `rotate_secret`. Default 24 h. */
  webhookSecretOverlapMs?: number;
}

const DEFAULT_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * Panora's `WebhookResponse`. The secret is shown in full once, in the answer to its creation;
 * later reads show only its last characters (still a string, as Panora's SDK expects).
 */
function toWebhookResponse(row: WebhookEndpointRow, secret: string | null) {
  return {
    id_webhook_endpoint: row.id,
    endpoint_description: row.description,
    url: row.url,
    secret: secret ?? 'whsec_••••••••',
    active: row.active,
    created_at: row.createdAt.toISOString(),
    scope: row.scope,
    id_project: row.projectId,
    last_update: row.modifiedAt.toISOString(),
  };
}

export function webhookRoutes(deps: RouteDeps & WebhookRouteOptions): FastifyPluginAsyncZod {
  const egress = { allowPrivateTargets: deps.allowPrivateWebhookTargets ?? false };
  const overlapMs = deps.webhookSecretOverlapMs ?? DEFAULT_SECRET_OVERLAP_MS;
  return async (app) => {
    app.addHook('preHandler', requireApiKey(deps));

    app.post('/', { schema: { ...operations.create, body: webhookInput } }, async (request, reply) => {
      // Names are checked again at every delivery, on the address the socket connects to.
      const target = checkWebhookTarget(request.body.url, egress);
      if (!target.ok) {
        throw new ApiError(400, 'invalid_request', `invalid body: url (${target.reason})`, [
          { field: 'url', code: 'private_target', message: target.reason },
        ]);
      }
      const secret = generateWebhookSecret();
      const row = await createWebhookEndpoint(deps.db, deps.cipher, {
        projectId: callerOf(request).projectId,
        url: request.body.url,
        description: request.body.description ?? null,
        scope: [...new Set(request.body.scope)],
        secret,
      });
      return reply.status(201).send(toWebhookResponse(row, secret));
    });

    app.get('/', { schema: operations.list }, async (request) => {
      const rows = await listWebhookEndpoints(deps.db, callerOf(request).projectId);
      return rows.map((row) => toWebhookResponse(row, null));
    });

    app.delete('/:id', { schema: { ...operations.remove, params: idParams } }, async (request) => {
      const { id } = request.params;
      const row = isUuid(id) ? await deleteWebhookEndpoint(deps.db, callerOf(request).projectId, id) : undefined;
      if (!row) throw notFound(`webhook endpoint ${id}`);
      return toWebhookResponse(row, null);
    });

    app.put(
      '/:id',
      { schema: { ...operations.updateStatus, params: idParams, body: z.object({ active: z.boolean() }).strict() } },
      async (request) => {
        const { id } = request.params;
        const row = isUuid(id) ? await setWebhookEndpointActive(deps.db, callerOf(request).projectId, id, request.body.active) : undefined;
        if (!row) throw notFound(`webhook endpoint ${id}`);
        return toWebhookResponse(row, null);
      },
    );

    // A new secret, shown once; the replaced one keeps signing until the overlap ends, so a
    // receiver can deploy the new secret without rejecting a delivery in between.
    app.post(
      '/:id/rotate_secret',
      // A bodiless POST reaches the validator as null.
      { schema: { ...operations.rotateSecret, params: idParams, body: z.object({}).strict().nullish() } },
      async (request) => {
        const { id } = request.params;
        const secret = generateWebhookSecret();
        const row = isUuid(id)
          ? await rotateWebhookSecret(deps.db, deps.cipher, { projectId: callerOf(request).projectId, id }, secret, overlapMs).catch(
              (error: unknown) => {
                // Dropping a replaced secret early would fail deliveries to a receiver still on it.
                if (error instanceof TooManyRotations)
                  throw new ApiError(409, 'too_many_rotations', `${error.message}: rotate again after it`);
                throw error;
              },
            )
          : undefined;
        if (!row) throw notFound(`webhook endpoint ${id}`);
        return { ...toWebhookResponse(row, secret), previous_secret_expires_at: row.previousSecretExpiresAt?.toISOString() ?? null };
      },
    );
  };
}
