import { ZOHO_ERRORS } from './messages.js';

/** What the fake answers: Zoho's JSON envelope, or an edge proxy's HTML page. */
export type ZohoAnswer = { status: number; kind: 'json'; body: Record<string, unknown> } | { status: number; kind: 'html'; text: string };

/** `{"code", "message"}` with the HTTP status Zoho pairs it with. */
export function zohoError(status: number, error: { code: number; message: string }): ZohoAnswer {
  return { status, kind: 'json', body: { code: error.code, message: error.message } };
}

/** A success: `code` 0, Zoho's message, then the resource. */
export function zohoSuccess(status: 200 | 201, message: string, fields: Record<string, unknown>): ZohoAnswer {
  return { status, kind: 'json', body: { code: 0, message, ...fields } };
}

/** Thrown by parsers and validators; turned into its answer by the handlers. */
export class ZohoError extends Error {
  constructor(readonly answer: ZohoAnswer) {
    super(answer.kind === 'json' ? String(answer.body.message) : `Zoho ${answer.status}`);
    this.name = 'ZohoError';
  }
}

/** A 400 about a field of the request body. */
export function invalidField(name: string): ZohoError {
  return new ZohoError(zohoError(400, ZOHO_ERRORS.invalidField(name)));
}

/** A 400 about a query parameter. */
export function invalidParameter(name: string): ZohoError {
  return new ZohoError(zohoError(400, ZOHO_ERRORS.invalidParameter(name)));
}

/** An injected server failure: Zoho's JSON 500/503, an edge proxy's HTML page for 502 and 504. */
export function serviceFailure(status: 500 | 502 | 503 | 504): ZohoAnswer {
  if (status === 500 || status === 503) return zohoError(status, ZOHO_ERRORS.internalError);
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return { status, kind: 'html', text: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>` };
}
