import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, LogController } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { adminRoutes, readinessRoute } from './admin/index.js';
import type { ApiDeps, RouteDeps } from './deps.js';
import { createLookups } from './lookups.js';
import { decodeBodies } from './body-encoding.js';
import { clientError, frameworkError } from './client-errors.js';
import { registerErrorHandling } from './errors.js';
import { useExactJson } from './exact-json.js';
import { refuseUnboundedJson } from './json-bounds.js';
import { metricsPlugin } from './metrics/index.js';
import { SERVED_OBJECTS } from './objects/index.js';
import { registerOpenApi } from './openapi/index.js';
import { registerApiKeyRateLimit } from './rate-limit.js';
import { fieldMappingRoutes } from './routes/connection/field-mappings.js';
import { eventRoutes } from './routes/events/index.js';
import { registerRecordRoutes } from './routes/records/index.js';
import { syncRoutes } from './routes/sync/index.js';
import { webhookRoutes } from './routes/webhooks/index.js';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP app from its dependencies; tests call `inject()` on it without a port. */
export async function buildApp(apiDeps: ApiDeps) {
  const deps: RouteDeps = { ...apiDeps, lookups: createLookups(apiDeps.db) };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // Refused before routing (parser, router): the same error body, with a request id.
    clientErrorHandler: clientError,
    frameworkErrors: frameworkError,
    // One line per request, written when it is answered (below), instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    // Keep a caller's request id when it is a sane token, so logs join up across services.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : `req_${randomUUID()}`;
    },
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only: Fastify's default text/plain parser would let a string body reach the schema.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  useExactJson(app);
  app.decorateRequest('caller', null);
  app.decorateRequest('connection', null);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        req: { method: request.method, url: request.url },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });
  registerErrorHandling(app);
  // Before every route: the document is collected from the routes' zod schemas as they register.
  await registerOpenApi(app, SERVED_OBJECTS);
  // Before the routes: its request counter reaches only routes registered after it.
  if (deps.metrics) await app.register(metricsPlugin(deps.metrics));
  // Content-Encoding and charset, before the JSON parser reads the body.
  decodeBodies(app);
  refuseUnboundedJson(app);
  if (deps.rateLimit) await registerApiKeyRateLimit(app, deps.rateLimit);

  app.get('/healthz', async (_request, reply) => {
    const checks = await deps.health();
    // The queue down is not fatal for the API: accounts are stored and enqueued later. It is named
    // for what it is: `redis` in the server mode, `queue` where there is no Redis (embedded).
    const queue = 'redis' in checks ? { redis: checks.redis ? 'ok' : 'unreachable' } : { queue: checks.queue ? 'ok' : 'unreachable' };
    return reply.status(checks.database ? 200 : 503).send({
      status: checks.database ? 'ok' : 'degraded',
      database: checks.database ? 'ok' : 'unreachable',
      ...queue,
    });
  });

  await app.register(readinessRoute(deps));

  // `/accounting/<path>` of every object of the registry (objects/), one generic plugin each.
  await registerRecordRoutes(app, deps, SERVED_OBJECTS);
  await app.register(webhookRoutes(deps), { prefix: '/webhooks' });
  await app.register(eventRoutes(deps), { prefix: '/events' });
  await app.register(fieldMappingRoutes(deps), { prefix: '/connection/field_mappings' });
  await app.register(syncRoutes(deps), { prefix: '/sync' });
  if (deps.sandbox) await app.register(deps.sandbox.plugin, { prefix: '/sandbox' });
  if (deps.adminToken) await app.register(adminRoutes({ ...deps, adminToken: deps.adminToken }), { prefix: '/admin' });
  return app;
}
