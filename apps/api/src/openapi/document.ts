import { readFileSync } from 'node:fs';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** `security` of a route that takes only the API key (the document's default). */
export const API_KEY_SECURITY = [{ api_key: [] }];
/**
 * `security` of a route scoped to a connection, as the routes declare it. The document shows the
 * token as Panora does, a required `x-connection-token` header parameter, and the key as the only
 * scheme (finishDocument): both at once made a docs UI ask for, and send, the header twice.
 */
export const CONNECTION_SECURITY = [{ api_key: [], connection_token: [] }];

// src/openapi and dist/openapi are both two levels below the package.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** What the document says beside its paths; the paths come from the routes, and each object's tag from its entry (objects/). */
export const baseDocument = {
  openapi: '3.1.0',
  info: {
    title: 'ledgersync',
    version,
    description: [
      "A unified Accounting API compatible with Panora's: same paths, headers, bodies, `201` on create and cursor pages.",
      'Creates are stored and answered at once; workers push them to the provider and a signed webhook tells you the outcome.',
      'Every error has the same body (`Error`) and every answer an `x-request-id` header.',
    ].join('\n\n'),
  },
  // Relative: the server that serves the document, so the docs UI's requests go back to it whatever its address.
  servers: [{ url: '/', description: 'The server this document is read from' }],
  tags: [
    { name: 'connection/field_mappings', description: 'Which provider field each `field_mappings` slug is sent as.' },
    { name: 'events', description: 'What happened, as webhooks carry it; delivery attempts; replays.' },
    { name: 'sync', description: "Reading the customer's books: on demand, how often, how fresh." },
    { name: 'webhooks', description: 'Endpoints that receive signed events (Standard Webhooks).' },
  ],
  components: {
    securitySchemes: {
      // Panora's name for its key header.
      api_key: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: 'The project API key (`Authorization: Bearer <key>` works too).',
      },
      // What CONNECTION_SECURITY names while the routes are read; finishDocument leaves it out.
      connection_token: {
        type: 'apiKey',
        in: 'header',
        name: 'x-connection-token',
        description: "A connection's token: which customer's provider a request is about.",
      },
    },
  },
  security: API_KEY_SECURITY,
} satisfies FastifyDynamicSwaggerOptions['openapi'];
