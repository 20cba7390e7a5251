import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

/*
 * Requests refused before any route, answered with the API's one error body and an x-request-id
 * like every other error. Fastify's own answers had no request id, and the 414 echoed the whole
 * path back (8 KB for an 8 KB id); these never echo the request.
 */

/** Fastify's router errors (its `frameworkErrors` option): the request exists, with its id. */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'uri_too_long', 'a path parameter is longer than the API takes']
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, 'invalid_request', 'the URL is not valid (malformed percent-encoding)']
        : [500, 'internal_error', 'internal error; quote the request id when reporting it'];
  request.log.info({ err: { code: error.code }, res: { statusCode: status } }, 'request refused before routing');
  reply.status(status).header('x-request-id', request.id).send(errorBody(status, code, message, request.id));
}

/**
 * Node's HTTP parser errors (Fastify's `clientErrorHandler` option): no request was parsed, so the
 * id is a new one, written into the answer and the log line that go together.
 */
export function clientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one to answer (Node's own handler does the same).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', `the request line and headers are larger than the API takes (${maxHeaderSize} bytes)`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request was not received in time']
        : [400, 'invalid_request', 'the request is not valid HTTP'];
  const requestId = `req_${randomUUID()}`;
  this.log.info({ request_id: requestId, err: { code: error.code }, res: { statusCode: status } }, 'request refused by the HTTP parser');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(status, code, message, requestId));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
