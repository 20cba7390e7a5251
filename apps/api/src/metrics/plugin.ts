import type { FastifyPluginAsync } from 'fastify';
import type { ApiMetrics } from './api-metrics.js';

// The provider fakes served in development: their traffic is the workers', not intake.
const SANDBOX_PREFIX = '/sandbox';

/**
 * Counts every answer by route pattern (never the raw URL, whose ids would make a series per
 * account) and serves `GET /metrics` in Prometheus' text format. Register it before the routes:
 * its hook reaches only the routes registered after it.
 */
export function metricsPlugin(metrics: ApiMetrics): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      // Unmatched paths (404s) share one series, whatever a scanner tries.
      const route = request.routeOptions.url ?? 'unmatched';
      if (route.startsWith(SANDBOX_PREFIX)) return;
      metrics.intakeRequests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    });
  };
  // Not encapsulated (what fastify-plugin does), so the hook sees the whole app's routes.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
