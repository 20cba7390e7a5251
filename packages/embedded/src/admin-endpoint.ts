import { type CliContext, provisionSandbox } from '@ledgersync/cli';
import { hashToken, tokenMatches } from '@ledgersync/secrets';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const sandboxRequest = z.object({
  provider: z.string().min(1).default('quickbooks'),
  project: z.string().min(1).default('sandbox'),
});

/**
 * The admin CLI's way in while the embedded server holds the data folder (PGlite allows one
 * process per folder): `POST /admin/cli/sandbox` runs the CLI's own `provisionSandbox` on the
 * server's database and answers what `ledgersync sandbox --json` prints. Behind the admin token
 * (`Authorization: Bearer`), which the CLI reads from the data folder.
 */
export function adminCliRoutes(options: { adminToken: string; context: CliContext }): FastifyPluginAsync {
  const expected = hashToken(options.adminToken);
  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (presented !== undefined && tokenMatches(presented, expected)) return;
      return reply.status(401).header('www-authenticate', 'Bearer').send({
        statusCode: 401,
        error: 'unauthorized',
        message: 'missing or invalid admin token (Authorization: Bearer <token>)',
        request_id: request.id,
      });
    });
    app.post('/sandbox', async (request, reply) => {
      const parsed = sandboxRequest.safeParse(request.body ?? {});
      if (!parsed.success) {
        return reply.status(400).send({ statusCode: 400, error: 'invalid_request', message: parsed.error.message, request_id: request.id });
      }
      return provisionSandbox(options.context, parsed.data);
    });
  };
}
