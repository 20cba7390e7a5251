import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface ErrorDetail {
  field: string;
  message: string;
  code?: string;
  accepted?: readonly string[];
}

/**
 * An error the client caused or can act on. `code` is stable snake_case that clients can branch on;
 * `message` is for humans.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

// Fastify's own client errors, renamed to stable codes.
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
};

/**
 * Connection-level failures of Postgres (postgres.js codes and server shutdown SQLSTATEs). Drizzle
 * wraps the driver's error (DrizzleQueryError), so the code may sit a few causes down.
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const code = (error as { code?: string }).code ?? '';
  return UNAVAILABLE_CODES.includes(code) || databaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

const UNAVAILABLE_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
];

/** At most this many `details` in an answer; `details_total` then says how many there were. */
export const MAX_ERROR_DETAILS = 20;
/** Longest `message` an answer carries, in characters. */
export const MAX_ERROR_MESSAGE = 500;
// A field name or detail message echoes the client's keys, which the body limit alone bounds.
const MAX_DETAIL_TEXT = 200;
// `accepted` lists ledgersync's own vocabularies (20 account types) and a connection's mappings:
// bounded well above them, so no accepted value is ever cut from a list a client must choose from.
const MAX_ACCEPTED = 100;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The one error body: every error answer is built here, so none grows with the request that
 * caused it (10,000 unmapped keys answered a 2.5 MB 422): the first details, a count, short texts.
 */
export function errorBody(status: number, code: string, message: string, requestId: string, details?: ErrorDetail[]) {
  return {
    statusCode: status,
    error: code,
    message: clip(message, MAX_ERROR_MESSAGE),
    ...(details ? { details: details.slice(0, MAX_ERROR_DETAILS).map(boundedDetail) } : {}),
    ...(details && details.length > MAX_ERROR_DETAILS ? { details_total: details.length } : {}),
    request_id: requestId,
  };
}

function boundedDetail(detail: ErrorDetail): ErrorDetail {
  return {
    ...detail,
    field: clip(detail.field, MAX_DETAIL_TEXT),
    message: clip(detail.message, MAX_DETAIL_TEXT),
    ...(detail.accepted ? { accepted: detail.accepted.slice(0, MAX_ACCEPTED).map((value) => clip(value, MAX_DETAIL_TEXT)) } : {}),
  };
}

/** `a, b, c and 9,997 more`: the fields a message names, a few of them. */
export function fieldList(fields: readonly string[], shown = 5): string {
  const named = fields.slice(0, shown).map((field) => clip(field, 64)).join(', ');
  return fields.length > shown ? `${named} and ${fields.length - shown} more` : named;
}

function validationDetails(
  error: Parameters<typeof hasZodFastifySchemaValidationErrors>[0] & {
    validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[];
  },
): ErrorDetail[] {
  return error.validation.flatMap((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      return (issue.params.keys as string[]).map((key) => ({ field: path ? `${path}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: path || '(body)', message: issue.message ?? 'invalid' }];
  });
}

/** One error handler: the same small JSON body for every error, with the request id; 5xx details hidden. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, details?: ErrorDetail[]) =>
      reply.status(status).send(errorBody(status, code, message, request.id, details));

    if (error instanceof ApiError) {
      if (error.headers) reply.headers(error.headers);
      return send(error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? 'request';
      const details = validationDetails(error as never);
      const fields = fieldList([...new Set(details.map((d) => d.field))]);
      return send(400, 'invalid_request', `invalid ${where}: ${fields}`, details);
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return send(known[0], known[1], error.message);
    if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))) {
      return send(400, 'invalid_json', 'the body is not valid JSON');
    }
    if (databaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return send(503, 'service_unavailable', 'the database is unreachable; nothing was stored, retry later');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, 'invalid_request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal_error', 'internal error; quote the request id when reporting it');
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`, request.id));
  });
}
