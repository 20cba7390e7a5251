import fastifySwagger from '@fastify/swagger';
import scalarApiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import type { RecordRoutes } from '../routes/records/index.js';
import { baseDocument } from './document.js';
import { documentRoute, finishDocument } from './transform.js';

export { API_KEY_SECURITY, CONNECTION_SECURITY } from './document.js';

/**
 * The OpenAPI 3.1 document, written from the routes' own zod schemas, at `/openapi.json` (and
 * `/openapi.yaml`), and a docs UI (Scalar) at `/docs`. Register it before the routes: the document
 * lists the routes registered after it. `objects` are the objects served: their tags come first.
 */
export async function registerOpenApi(app: FastifyInstance, objects: readonly RecordRoutes[]): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: { ...baseDocument, tags: [...objects.map((object) => object.docs.tag), ...baseDocument.tags] },
    transform: documentRoute,
    transformObject: finishDocument(objects),
  });

  app.get('/openapi.json', async () => app.swagger());
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })));

  await app.register(scalarApiReference, {
    routePrefix: '/docs',
    configuration: {
      url: '/openapi.json',
      pageTitle: 'ledgersync API',
      // Nothing fetched from third parties: the page works offline and tells no one who reads it.
      withDefaultFonts: false,
      telemetry: false,
    },
  });
}
