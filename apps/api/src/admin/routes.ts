import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { requireAdminToken } from './auth.js';
import { jobDashboard } from './dashboard.js';

/**
 * The operator's routes, all behind the admin token (register with `{ prefix: '/admin' }`):
 * `/admin/queues` is the job dashboard, its static assets and its JSON API included.
 */
export function adminRoutes(deps: ApiDeps & { adminToken: string }): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdminToken(deps.adminToken));
    await app.register(jobDashboard(deps), { prefix: '/queues' });
  };
}
