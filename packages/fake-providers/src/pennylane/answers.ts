import { MESSAGES } from './messages.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A status, a serialised body and its media type, plus any headers of its own. */
export interface PennylaneAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown): PennylaneAnswer {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}

/** Pennylane's error envelope: `{"error": "...", "status": 422}`. */
export function failure(status: number, message: string): PennylaneAnswer {
  return json(status, { error: message, status });
}

/** 401, with the `WWW-Authenticate` challenge Doorkeeper adds. */
export function unauthorized(message: string): PennylaneAnswer {
  return {
    ...failure(401, message),
    headers: { 'www-authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${message}"` },
  };
}

/** 429: the documented sentence as a plain-text body; the caller adds `retry-after` and the `ratelimit-*` headers. */
export function rateLimited(retryAfterSeconds: number): PennylaneAnswer {
  return { status: 429, contentType: 'text/plain; charset=utf-8', body: MESSAGES.rateLimited(retryAfterSeconds) };
}

/** An injected server failure: the application's JSON for 500 and 503, an edge proxy's HTML page for 502 and 504. */
export function serviceFailure(status: 500 | 502 | 503 | 504): PennylaneAnswer {
  if (status === 500) return failure(500, MESSAGES.serverError);
  if (status === 503) return failure(503, MESSAGES.unavailable);
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return { status, contentType: 'text/html', body: text };
}

/** Thrown by parsers and validators; turned into its answer by the handlers. */
export class PennylaneError extends Error {
  constructor(readonly answer: PennylaneAnswer) {
    super(`Pennylane ${answer.status}`);
    this.name = 'PennylaneError';
  }
}
