import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mediaType, rawBody } from './http.js';
import type { TokenAuthority } from './token-authority.js';
import type { TokenClaims } from './tokens.js';

/** Decides whether a token request comes from the registered client. */
export type ClientAuthenticator = (req: FastifyRequest, form: URLSearchParams) => boolean;

function sameText(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client credentials in an HTTP Basic `Authorization` header (Intuit, Xero, Sage). */
export function basicClientAuth(clientId: string, clientSecret: string): ClientAuthenticator {
  return (req) => {
    const match = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return false;
    return sameText(Buffer.from(match[1], 'base64').toString('utf8'), `${clientId}:${clientSecret}`);
  };
}

/** Client credentials as `client_id` / `client_secret` form fields (Zoho). */
export function formClientAuth(clientId: string, clientSecret: string): ClientAuthenticator {
  return (_req, form) => sameText(form.get('client_id') ?? '', clientId) && sameText(form.get('client_secret') ?? '', clientSecret);
}

/** How a provider's token endpoint behaves around the shared refresh-token grant. */
export interface RefreshEndpointOptions {
  authority: TokenAuthority;
  authenticateClient: ClientAuthenticator;
  /** Status of an `invalid_client` answer: Intuit answers 401, Xero's identity server 400. */
  invalidClientStatus: number;
  /** `Content-Type` of every answer. */
  contentType: string;
  /**
   * A provider rule on a refresh token that is otherwise valid, e.g. Xero's single use with a grace
   * period; false answers `invalid_grant`. Called once per accepted exchange.
   */
  acceptRefresh?: (claims: TokenClaims) => boolean;
  /** The success body: a new token pair for the tenant, shaped as the provider answers it. */
  issue: (tenantId: string) => Record<string, unknown>;
}

/**
 * An OAuth2 token endpoint serving the `refresh_token` grant (RFC 6749 §6) with a form-encoded
 * body: client authentication first, then the grant; errors are `{"error": "..."}`.
 */
export function refreshTokenHandler(options: RefreshEndpointOptions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('content-type', options.contentType).header('cache-control', 'no-cache, no-store').header('pragma', 'no-cache');
    const oauthError = (status: number, error: string) => reply.code(status).send(JSON.stringify({ error }));
    const isForm = mediaType(req) === 'application/x-www-form-urlencoded';
    const form = new URLSearchParams(isForm ? (rawBody(req) ?? '') : '');
    if (!options.authenticateClient(req, form)) return oauthError(options.invalidClientStatus, 'invalid_client');
    if (!isForm) return oauthError(400, 'invalid_request');
    if (form.get('grant_type') !== 'refresh_token') return oauthError(400, 'unsupported_grant_type');
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return oauthError(400, 'invalid_request');
    const check = options.authority.checkRefresh(refreshToken);
    if (!check.ok) return oauthError(400, 'invalid_grant');
    if (options.acceptRefresh && !options.acceptRefresh(check.claims)) return oauthError(400, 'invalid_grant');
    return reply.code(200).send(JSON.stringify(options.issue(check.claims.tenantId)));
  };
}
