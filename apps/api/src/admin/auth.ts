import { hashToken, tokenMatches } from '@ledgersync/secrets';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { errorBody } from '../errors.js';

/** A browser shown this challenge prompts for a user name and password; the token is the password. */
export const ADMIN_CHALLENGE = 'Basic realm="ledgersync admin"';

/**
 * The token a request presents: `Authorization: Bearer <token>`, or HTTP Basic with any user name
 * and the token as password (what a browser sends after the prompt).
 */
export function presentedAdminToken(authorization: string | undefined): string | undefined {
  const match = authorization ? /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match?.[1] || !match[2]) return undefined;
  if (match[1].toLowerCase() === 'bearer') return match[2];
  const credentials = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  // The password is everything after the first colon (RFC 7617: user names cannot contain one).
  return colon === -1 ? undefined : credentials.slice(colon + 1) || undefined;
}

/**
 * An `onRequest` hook for every admin route: the admin token or 401. It answers the 401 itself
 * rather than throwing, because plugins mounted under it (Bull Board) install their own error
 * handler, and the API's error envelope must hold there too.
 */
export function requireAdminToken(adminToken: string): onRequestAsyncHookHandler {
  // Compared as SHA-256 digests: equal lengths whatever is presented, so the check is constant-time.
  const expected = hashToken(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = presentedAdminToken(request.headers.authorization);
    if (presented !== undefined && tokenMatches(presented, expected)) return;
    return reply.status(401).header('www-authenticate', ADMIN_CHALLENGE).send(
      errorBody(401, 'unauthorized', 'missing or invalid admin token (HTTP Basic with the token as password, or Authorization: Bearer <token>)', request.id),
    );
  };
}
