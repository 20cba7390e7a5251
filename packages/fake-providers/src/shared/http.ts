import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Makes every body reach the handlers as raw text, whatever its media type, so a fake parses (and
 * rejects) bodies the way its provider does instead of answering with Fastify's own errors.
 * Applies to the plugin it is called in only (Fastify encapsulation).
 */
export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

/** The request's media type, lower-cased, without parameters. */
export function mediaType(req: FastifyRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

/** The raw body text (see {@link acceptRawBodies}); undefined without a body. */
export function rawBody(req: FastifyRequest): string | undefined {
  return typeof req.body === 'string' ? req.body : undefined;
}

/** The query string of a raw URL as a flat record (last value wins). */
export function queryParams(url: string): Record<string, string> {
  const query = url.indexOf('?');
  return query < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(query + 1)));
}

/** A header's single value (repeated headers joined by ", "). */
export function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Ends the exchange without an answer, as a connection reset mid-request looks to the client.
 * Destroying the response destroys its socket; under `inject()` it rejects with LIGHT_ECONNRESET.
 */
export function drop(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.destroy();
}
