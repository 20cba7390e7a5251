import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderResponse } from './http.js';
import { sendPennylane } from './pennylane/client.js';
import { sendQuickbooks } from './quickbooks/client.js';
import { getDescriptor } from './registry.js';
import { sendSage } from './sage/client.js';
import type { ConnectionContext } from './types.js';
import { sendXero } from './xero/client.js';
import { sendZoho } from './zohobooks/client.js';

// Each provider's client puts the tenant where its descriptor says (`tenant.placement`, `tenant.name`)
// and authenticates the way the provider takes it: what every object file relies on.
let server: Server;
let baseUrl = '';
const received: { method: string; url: URL; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: new URL(req.url ?? '/', 'http://x'), headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  server.close();
});

const THINGS = { path: '/things', query: { q: '1' }, body: { n: 1 } };
type Call = (context: ConnectionContext) => Promise<ProviderResponse>;

const CLIENTS: [string, Call, string, string, string][] = [
  // provider, a create through its client, the method and path it sends, the Authorization scheme
  ['quickbooks', (c) => sendQuickbooks(c, { method: 'POST', ...THINGS }), 'POST', '/v3/company/T-1/things', 'Bearer'],
  ['xero', (c) => sendXero(c, { method: 'PUT', ...THINGS }), 'PUT', '/api.xro/2.0/things', 'Bearer'],
  ['sage', (c) => sendSage(c, { method: 'POST', ...THINGS }), 'POST', '/v3.1/things', 'Bearer'],
  ['zohobooks', (c) => sendZoho(c, { method: 'POST', ...THINGS }), 'POST', '/books/v3/things', 'Zoho-oauthtoken'],
  ['pennylane', (c) => sendPennylane(c, { method: 'POST', ...THINGS }), 'POST', '/api/external/v2/things', 'Bearer'],
];

describe('provider clients', () => {
  it.each(CLIENTS)('%s: the tenant where the descriptor says, the token, a JSON body', async (provider, call, method, path, scheme) => {
    received.length = 0;
    const context: ConnectionContext = { baseUrl, tenantId: 'T-1', accessToken: 'at-1', timeoutMs: 2_000 };
    const answer = await call(context);
    expect(answer.status).toBe(200);
    const [request] = received;
    expect(request?.method).toBe(method);
    expect(request?.url.pathname).toBe(path);
    expect(request?.url.searchParams.get('q')).toBe('1');
    expect(request?.headers.authorization).toBe(`${scheme} at-1`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toBe('{"n":1}');

    const { placement, name } = getDescriptor(provider).tenant;
    const carried = {
      path: request?.url.pathname.includes('/T-1/'),
      header: request?.headers[name.toLowerCase()] === 'T-1',
      query: request?.url.searchParams.get(name) === 'T-1',
    };
    // Exactly one place carries the tenant, none when the token implies it.
    expect(carried).toEqual({ path: placement === 'path', header: placement === 'header', query: placement === 'query' });
  });
});
