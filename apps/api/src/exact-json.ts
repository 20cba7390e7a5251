import { markJsonNumbers, parseJsonExact, unmarkJsonNumbers } from '@ledgersync/unified';
import type { FastifyInstance } from 'fastify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { ApiError } from './errors.js';

// The exact parser's own guard against a stack-deep document; json-bounds.ts refuses far less
// depth (32) with a message naming the field.
const PARSER_MAX_DEPTH = 512;

/**
 * JSON in and out without losing a number's digits: a balance of 99999999999999.99 or 10000.50
 * is stored, answered and pushed as the client wrote it (see @ledgersync/unified exact-json.ts).
 * Bodies are parsed exactly; answers are written by the zod serializer with JSON numbers kept as
 * digits. Prototype-poisoning keys are refused in json-bounds.ts, as Fastify's own parser did.
 */
export function useExactJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new ApiError(400, 'invalid_json', 'the body is empty; send a JSON object'), undefined);
    try {
      done(null, parseJsonExact(text, { maxDepth: PARSER_MAX_DEPTH }));
    } catch {
      done(new ApiError(400, 'invalid_json', 'the body is not valid JSON'), undefined);
    }
  });
  const serializerCompiler = createSerializerCompiler({ replacer: markJsonNumbers });
  app.setSerializerCompiler((route) => {
    const serialize = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
    return (data) => unmarkJsonNumbers(serialize(data));
  });
}
