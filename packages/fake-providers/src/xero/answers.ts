import { randomUUID } from 'node:crypto';

/** One element of a ValidationException: the object as sent and what is wrong with it. */
export interface InvalidElement {
  /** Its data contract, as the XML answer types it: `Account`. */
  type: string;
  element: Record<string, unknown>;
  messages: string[];
}

/**
 * What the fake answers, before it is rendered for the client's `Accept` header.
 * - `records`: the Accounting API's success envelope, the records under their collection (`Accounts`),
 *   each an `element` (`Account`) in XML.
 * - `exception`: the Accounting API's `ApiException` (ValidationException, PostDataInvalidException, ...).
 * - `json`: what Xero's gateway and identity server answer (401, 403, 429, 5xx): always JSON.
 * - `text`: a bare body (the 404 text, an edge proxy's page).
 */
export type XeroPayload =
  | { kind: 'records'; id: string; providerName: string; at: number; collection: string; element: string; records: object[] }
  | { kind: 'exception'; errorNumber: number; type: string; message: string; elements?: InvalidElement[] }
  | { kind: 'json'; body: Record<string, unknown> }
  | { kind: 'text'; contentType: string; text: string };

/** A status, its payload and any extra headers; stored as is for idempotent replays. */
export interface XeroAnswer {
  status: number;
  payload: XeroPayload;
  headers?: Record<string, string>;
}

/** The success envelope: `records` under their `collection`, each an `element` in XML; copies, so a later change never reaches a replay. */
export function recordsAnswer(
  envelope: { providerName: string; now: number },
  collection: string,
  element: string,
  records: readonly object[],
): XeroAnswer {
  return {
    status: 200,
    payload: {
      kind: 'records',
      id: randomUUID(),
      providerName: envelope.providerName,
      at: envelope.now,
      collection,
      element,
      records: records.map((record) => ({ ...record })),
    },
  };
}

/** The problem-details body Xero's API gateway answers 401/403 (and, here, 429/503) with. */
function problem(status: number, title: string, detail: string, instance: string): XeroAnswer {
  return {
    status,
    payload: { kind: 'json', body: { Type: null, Title: title, Status: status, Detail: detail, Instance: instance, Extensions: {} } },
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `MM/dd/yyyy HH:mm:ss` in UTC, as Xero writes token expiry times. */
function usDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** 401 for a missing, malformed or forged bearer token. */
export function authenticationUnsuccessful401(instance: string): XeroAnswer {
  return problem(401, 'Unauthorized', 'AuthenticationUnsuccessful', instance);
}

/** 401 for an expired access token: `TokenExpired: token expired at 04/09/2023 05:16:59`. */
export function tokenExpired(expiredAt: number, instance: string): XeroAnswer {
  return problem(401, 'Unauthorized', `TokenExpired: token expired at ${usDateTime(expiredAt)}`, instance);
}

/** 403 for a missing `xero-tenant-id`, or a tenant the token does not grant. */
export function authenticationUnsuccessful403(instance: string): XeroAnswer {
  return problem(403, 'Forbidden', 'AuthenticationUnsuccessful', instance);
}

/** 429; the limit headers are added by the caller. */
export function tooManyRequests(instance: string): XeroAnswer {
  return problem(429, 'Too Many Requests', 'Rate limit exceeded', instance);
}

/** A 400 the gateway answers about the `Idempotency-Key` header. */
export function idempotencyProblem(detail: string, instance: string): XeroAnswer {
  return problem(400, 'Bad Request', detail, instance);
}

/** 415 to a body that is not JSON: the fake does not take Xero's XML request bodies. */
export function unsupportedMediaType(contentType: string | undefined, instance: string): XeroAnswer {
  return problem(
    415,
    'Unsupported Media Type',
    `Content type ${contentType ?? '(none)'} is not supported by this fake; send application/json`,
    instance,
  );
}

/** An injected server failure: Xero's JSON 500 and 503, an edge proxy's HTML page for 502 and 504. */
export function serviceFailure(status: 500 | 502 | 503 | 504, instance: string): XeroAnswer {
  if (status === 500) {
    const Detail = 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.';
    return { status, payload: { kind: 'json', body: { Title: 'An error occurred', Detail, Status: 500, Instance: instance } } };
  }
  if (status === 503)
    return problem(503, 'Service Unavailable', 'The Xero API is currently unavailable. Please try again later.', instance);
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return { status, payload: { kind: 'text', contentType: 'text/html', text } };
}

/** 404 to an unknown AccountID or resource: Xero answers a bare sentence, not JSON. */
export function notFound(): XeroAnswer {
  return {
    status: 404,
    payload: { kind: 'text', contentType: 'text/html; charset=utf-8', text: "The resource you're looking for cannot be found" },
  };
}

/** ErrorNumber 10: the body deserialised but breaks Xero's rules. */
export function validationException(elements: InvalidElement[] | undefined, message = 'A validation exception occurred'): XeroAnswer {
  return {
    status: 400,
    payload: { kind: 'exception', errorNumber: 10, type: 'ValidationException', message, ...(elements ? { elements } : {}) },
  };
}

/** ErrorNumber 14: the body did not deserialise (bad JSON, a wrong JSON type, a value outside an enum). */
export function postDataInvalid(message: string): XeroAnswer {
  return { status: 400, payload: { kind: 'exception', errorNumber: 14, type: 'PostDataInvalidException', message } };
}

/** ErrorNumber 16: a `where` or `order` expression that does not parse. */
export function queryParseException(message: string): XeroAnswer {
  return { status: 400, payload: { kind: 'exception', errorNumber: 16, type: 'QueryParseException', message } };
}

/** Thrown by parsers and validators; turned into its answer by the routes. */
export class XeroError extends Error {
  constructor(readonly answer: XeroAnswer) {
    super(answer.payload.kind === 'exception' ? answer.payload.message : `Xero ${answer.status}`);
    this.name = 'XeroError';
  }
}
