import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FakeCore } from '../shared/core.js';
import { mediaType, queryParams, rawBody } from '../shared/http.js';
import type { TokenClaims } from '../shared/tokens.js';
import { ZOHO_OAUTH_ERRORS } from './messages.js';
import type { ZohoRefreshResponse } from './types.js';

/** What the token endpoint needs from the fake. */
export interface TokenEndpointOptions {
  core: FakeCore;
  /** Zoho's rule on how often one refresh token may be exchanged; false answers the throttle. */
  admitRefresh(claims: TokenClaims): boolean;
  issue(organizationId: string): ZohoRefreshResponse;
}

function sameText(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The parameters of a token request. Zoho documents them in the query string of the POST, and
 * takes them as a form body too; a form field wins over the same query parameter.
 */
function tokenParameters(req: FastifyRequest): URLSearchParams {
  const params = new URLSearchParams(queryParams(req.url));
  if (mediaType(req) === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(rawBody(req) ?? '')) params.set(name, value);
  }
  return params;
}

/**
 * `POST /oauth/v2/token` with `grant_type=refresh_token`, as Zoho's accounts server serves it:
 * client credentials as `client_id` / `client_secret` parameters, errors as HTTP 200 with
 * `{"error": "..."}`, a throttle on exchanges of one refresh token, and no new refresh token in
 * the answer (Zoho does not rotate them).
 */
export function zohoTokenHandler(options: TokenEndpointOptions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('content-type', 'application/json;charset=UTF-8').header('cache-control', 'no-store');
    const error = (text: string) => reply.code(200).send(JSON.stringify({ error: text }));
    const params = tokenParameters(req);
    if (!sameText(params.get('client_id') ?? '', options.core.clientId)) return error(ZOHO_OAUTH_ERRORS.invalidClient);
    if (!sameText(params.get('client_secret') ?? '', options.core.clientSecret)) return error(ZOHO_OAUTH_ERRORS.invalidClientSecret);
    if (params.get('grant_type') !== 'refresh_token') return error(ZOHO_OAUTH_ERRORS.unsupportedGrantType);
    const check = options.core.tokens.checkRefresh(params.get('refresh_token') ?? '');
    if (!check.ok) return error(ZOHO_OAUTH_ERRORS.invalidCode);
    if (!options.admitRefresh(check.claims)) return reply.code(400).send(JSON.stringify(ZOHO_OAUTH_ERRORS.throttled));
    return reply.code(200).send(JSON.stringify(options.issue(check.claims.tenantId)));
  };
}
