import type { Caller, ConnectionRef } from '@ledgersync/db';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { RouteDeps } from './deps.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    connection: ConnectionRef | null;
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The API key from `x-api-key` or `Authorization: Bearer`. Panora's SDK sends its key in
 * `x-api-key` together with an empty `Authorization: Basic` header, so a Basic header is ignored.
 */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = single(request.headers['x-api-key'])?.trim();
  if (header) return header;
  const authorization = single(request.headers.authorization)?.trim();
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'missing or invalid API key (send it in x-api-key or Authorization: Bearer)', undefined, {
    'www-authenticate': 'Bearer',
  });

/** Resolves the caller's project from its API key, or answers 401. */
export function requireApiKey(deps: RouteDeps): preHandlerAsyncHookHandler {
  return async (request) => {
    const key = presentedApiKey(request);
    const caller = key ? await deps.lookups.caller(key) : null;
    if (!caller) throw unauthorized();
    request.caller = caller;
  };
}

/**
 * Resolves `x-connection-token` to a connection of the caller's project. A token of another
 * project answers exactly like an unknown one: 401, no data.
 */
export function requireConnection(deps: RouteDeps): preHandlerAsyncHookHandler {
  return async (request) => {
    const caller = callerOf(request);
    const token = single(request.headers['x-connection-token'])?.trim();
    if (!token) {
      throw new ApiError(400, 'invalid_request', 'the x-connection-token header is required', [
        { field: 'x-connection-token', message: 'required' },
      ]);
    }
    const connection = await deps.lookups.connection(caller.projectId, token);
    if (!connection) throw new ApiError(401, 'invalid_connection_token', 'unknown connection token for this project');
    request.connection = connection;
  };
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('route registered without requireApiKey');
  return request.caller;
}

export function connectionOf(request: FastifyRequest): ConnectionRef {
  if (!request.connection) throw new Error('route registered without requireConnection');
  return request.connection;
}
