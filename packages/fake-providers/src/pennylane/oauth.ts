import type { FastifyReply, FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../shared/http.js';
import { basicClientAuth, formClientAuth } from '../shared/oauth.js';
import type { TokenAuthority } from '../shared/token-authority.js';
import type { TokenClaims } from '../shared/tokens.js';
import { OAUTH_ERRORS } from './messages.js';
import type { PennylaneTokenResponse } from './types.js';

/** How Pennylane's token endpoint is set up. */
export interface TokenEndpointOptions {
  authority: TokenAuthority;
  clientId: string;
  clientSecret: string;
  clientAuth: 'body' | 'body-or-basic';
  /** Exchanges a valid refresh token once: false when it was already exchanged (rotation). */
  rotate: (claims: TokenClaims) => boolean;
  issue: (companyId: string) => PennylaneTokenResponse;
}

type OAuthError = keyof typeof OAUTH_ERRORS;

/** The request's params as Rails reads them: a form or a JSON object, both flattened to strings. */
function params(req: FastifyRequest): URLSearchParams {
  const text = rawBody(req) ?? '';
  const type = mediaType(req);
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(text);
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return new URLSearchParams(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      }
    } catch {
      // Unreadable params: treated as none, as Rails does not fail the token endpoint on them.
    }
  }
  return new URLSearchParams();
}

/**
 * `POST /oauth/token`, the `refresh_token` grant of Pennylane's Doorkeeper server, in Doorkeeper's
 * order: grant type, refresh token present, refresh token valid, then the client. Refresh tokens
 * rotate: a used one answers `invalid_grant` (and its access token stops working: see `rotate`).
 * Errors carry Doorkeeper's `error_description`; `invalid_client` is a 401, the others 400.
 */
export function tokenEndpoint(options: TokenEndpointOptions) {
  const fromForm = formClientAuth(options.clientId, options.clientSecret);
  const fromBasic = basicClientAuth(options.clientId, options.clientSecret);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').header('pragma', 'no-cache');
    const refuse = (error: OAuthError) =>
      reply.code(error === 'invalid_client' ? 401 : 400).send(JSON.stringify({ error, error_description: OAUTH_ERRORS[error] }));
    const form = params(req);
    if (form.get('grant_type') !== 'refresh_token') return refuse(form.get('grant_type') ? 'unsupported_grant_type' : 'invalid_request');
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return refuse('invalid_request');
    const check = options.authority.checkRefresh(refreshToken);
    const clientOk = fromForm(req, form) || (options.clientAuth === 'body-or-basic' && fromBasic(req, form));
    if (!check.ok && check.reason !== 'other-client') return refuse('invalid_grant');
    if (!clientOk) return refuse('invalid_client');
    if (!check.ok || !options.rotate(check.claims)) return refuse('invalid_grant');
    return reply.code(200).send(JSON.stringify(options.issue(check.claims.tenantId)));
  };
}
