import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionRevoked, ProviderUnavailable } from './errors.js';
import { refreshAccessToken } from './oauth.js';

// A token endpoint answering whatever the test queues, recording what it received.
let server: Server;
let url = '';
let next: { status: number; body: unknown } = { status: 200, body: {} };
const received: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => {
  server.close();
});

const refresh = (clientAuth: 'basic' | 'body') =>
  refreshAccessToken(
    { provider: 'test', tokenUrl: url, clientId: 'id', clientSecret: 'secret', refreshToken: 'rt-1', timeoutMs: 2_000, clientAuth },
    0,
  );

describe('refreshAccessToken', () => {
  it('sends the client credentials as Basic auth or as form fields, and keeps a rotated refresh token', async () => {
    next = { status: 200, body: { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 60 } };
    expect(await refresh('basic')).toEqual({ accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: new Date(60_000).toISOString() });
    expect(received.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
    expect(new URLSearchParams(received.at(-1)?.body).get('client_id')).toBeNull();

    next = { status: 200, body: { access_token: 'at-3', expires_in: 3600, api_domain: 'https://www.zohoapis.eu' } };
    expect(await refresh('body')).toMatchObject({ accessToken: 'at-3' });
    const form = new URLSearchParams(received.at(-1)?.body);
    expect(received.at(-1)?.headers.authorization).toBeUndefined();
    expect([form.get('grant_type'), form.get('refresh_token'), form.get('client_id'), form.get('client_secret')]).toEqual([
      'refresh_token',
      'rt-1',
      'id',
      'secret',
    ]);
  });

  it('treats a refused grant as revoked, even in a 200 (Zoho), and a throttle as transient', async () => {
    next = { status: 400, body: { error: 'invalid_grant' } };
    await expect(refresh('basic')).rejects.toBeInstanceOf(ConnectionRevoked);
    next = { status: 200, body: { error: 'invalid_code' } };
    await expect(refresh('body')).rejects.toBeInstanceOf(ConnectionRevoked);
    next = { status: 400, body: { error: 'Access Denied', error_description: 'You have made too many requests continuously.' } };
    await expect(refresh('body')).rejects.toBeInstanceOf(ProviderUnavailable);
    next = { status: 503, body: {} };
    await expect(refresh('basic')).rejects.toBeInstanceOf(ProviderUnavailable);
  });
});
