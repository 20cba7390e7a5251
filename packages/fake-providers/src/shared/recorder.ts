import { parseJsonExact } from '@ledgersync/unified';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mediaType, queryParams, rawBody } from './http.js';
import type { RecordedRequest } from './types.js';

/** How many requests a fake keeps. */
export const MAX_RECORDED = 10_000;

function flatHeaders(req: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decodeBody(req: FastifyRequest): unknown {
  const body = rawBody(req);
  if (body === undefined || body === '') return undefined;
  if (mediaType(req) === 'application/json') {
    try {
      return parseJsonExact(body);
    } catch {
      return body;
    }
  }
  return body;
}

/** Records every request a fake receives, with the status it answered (0 when dropped). */
export class RequestRecorder {
  /** Oldest first; the same array for the recorder's whole life, so callers may hold on to it. */
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly now: () => number) {}

  /** Adds the recording hooks to a fake's plugin; bodies must arrive raw (see `acceptRawBodies`). */
  install(app: FastifyInstance): void {
    const entries = new WeakMap<FastifyRequest, RecordedRequest>();
    app.addHook('onRequest', async (req) => {
      const entry: RecordedRequest = {
        method: req.method,
        path: req.url.split('?')[0] ?? req.url,
        query: queryParams(req.url),
        headers: flatHeaders(req),
        body: undefined,
        status: 0,
        at: this.now(),
      };
      entries.set(req, entry);
      this.requests.push(entry);
      if (this.requests.length > MAX_RECORDED) this.requests.shift();
    });
    app.addHook('preHandler', async (req) => {
      const entry = entries.get(req);
      if (entry) entry.body = decodeBody(req);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const entry = entries.get(req);
      if (entry) entry.status = reply.statusCode;
      return payload;
    });
  }

  clear(): void {
    this.requests.length = 0;
  }
}
