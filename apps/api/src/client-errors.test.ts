import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppForDocument } from './openapi/offline.js';

// Requests refused before any route: by Node's HTTP parser (Fastify's clientError) or its router.
// Over a real socket, since inject() never goes through the parser.
let app: Awaited<ReturnType<typeof buildAppForDocument>>;
let port: number;
beforeAll(async () => {
  app = await buildAppForDocument();
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
});

/** Writes `request` as raw bytes and reads the answer until the server closes or has sent it all. */
function exchange(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    const answer = () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const { headers, body } = answer();
      if (headers['content-length'] !== undefined && Buffer.byteLength(body) >= Number(headers['content-length'])) {
        socket.destroy();
        resolve(answer());
      }
    });
    socket.on('close', () => resolve(answer()));
    socket.on('error', (error) => (received ? resolve(answer()) : reject(error)));
  });
}

const LONG = 'a'.repeat(8 * 1024);

describe('errors of the HTTP parser and router', () => {
  it.each([
    ['oversized headers', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a URL longer than the header limit', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'headers_too_large'],
    ['an 8 KB path parameter', `GET /accounting/accounts/${LONG} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'uri_too_long'],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'invalid_request'],
    ['a malformed Content-Length', 'POST /accounting/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, 'invalid_request'],
    ['a malformed percent-encoding', 'GET /accounting/accounts/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid_request'],
  ])('answers %s with the API error body, a request id, and no echo of the request', async (_what, request, status, code) => {
    const response = await exchange(request);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.body);
    expect(body).toEqual({ statusCode: status, error: code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
    expect(response.headers['x-request-id']).toBe(body.request_id);
    expect(response.body.length).toBeLessThan(300);
    expect(response.body).not.toMatch(/aaaa|bbbb/);
  });
});
