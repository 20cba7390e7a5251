import { z } from 'zod';
import { MAX_ERROR_DETAILS, MAX_ERROR_MESSAGE } from '../../errors.js';

/** One field a request got wrong: `ErrorDetail` of errors.ts, as the error handler sends it. */
const errorDetailSchema = z
  .object({
    field: z.string().meta({ description: 'The field, header or parameter at fault.', examples: ['parent_account'] }),
    message: z.string(),
    code: z.string().optional().meta({
      description: 'What is wrong with it: `required`, `unsupported_value`, `not_supported`, `too_long`, `invalid`.',
    }),
    accepted: z.array(z.string()).optional().meta({ description: 'The values that would be accepted.' }),
  })
  .meta({ id: 'ErrorDetail' });

/** The one error body of errors.ts: every 4xx and 5xx the API answers has this shape. */
export const errorSchema = z
  .object({
    statusCode: z
      .number()
      .int()
      .meta({ examples: [422] }),
    error: z.string().meta({ description: 'A stable snake_case code to branch on.', examples: ['unprocessable_account'] }),
    message: z.string().meta({ description: `For humans; may change. At most ${MAX_ERROR_MESSAGE} characters.` }),
    details: z
      .array(errorDetailSchema)
      .optional()
      .meta({ description: `One entry per field at fault, the first ${MAX_ERROR_DETAILS} of them.` }),
    details_total: z
      .number()
      .int()
      .optional()
      .meta({ description: `How many fields were at fault, when that is more than the ${MAX_ERROR_DETAILS} \`details\` listed.` }),
    request_id: z.string().meta({ description: 'Also in the `x-request-id` header; quote it when reporting a problem.' }),
  })
  .meta({ id: 'Error', description: 'The body of every error answer.' });

type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * Error answers for a route's `response`, each described by the codes it carries. Each is the same
 * zod schema (so the serializer checks the error handler's body and the document shows one
 * component); `.describe` only gives the answer its description.
 */
export function errorResponses<const D extends Partial<Record<ErrorStatus, string>>>(
  descriptions: D,
): { [S in keyof D]: typeof errorSchema } {
  const entries = Object.entries(descriptions).map(([status, description]) => [status, errorSchema.describe(description as string)]);
  return Object.fromEntries(entries) as { [S in keyof D]: typeof errorSchema };
}

/** What every route may answer whatever it does. */
export const serverErrors = {
  500: '`internal_error`: a bug; quote the `request_id` when reporting it.',
  503: '`service_unavailable`: Postgres is unreachable; nothing was stored, retry later.',
} as const;

const rateLimited = '`rate_limited`: more requests for this API key than the API takes in a window; retry after `Retry-After` seconds.';

export const apiKeyErrors = {
  401: '`unauthorized`: the API key (`x-api-key` or `Authorization: Bearer`) is missing or unknown.',
  429: rateLimited,
} as const;

/** Routes scoped to a connection: the key, then `x-connection-token`. */
export const connectionErrors = {
  400: '`invalid_request`: `x-connection-token` is missing, or a parameter or field fails validation (`details` names each).',
  401: "`unauthorized`: the API key is missing or unknown; `invalid_connection_token`: the token is not one of this project's connections.",
  429: rateLimited,
} as const;

/** Routes that take a JSON body. */
export const bodyErrors = {
  413: '`payload_too_large`: the body is larger than the API accepts (`BODY_LIMIT_BYTES`), on the wire or once decoded.',
  415: '`unsupported_media_type`: the body is not `application/json`, or declares a charset other than UTF-8; `unsupported_content_encoding`: a `Content-Encoding` other than gzip, deflate or br.',
} as const;

/** An answer without a body (`204`). */
export const noContent = (description: string) => z.undefined().describe(description);
