import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWebhookTarget, postWebhook, type Resolver } from './index.js';

// A customer's endpoint on this machine: what an SSRF would reach.
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (request.url === '/redirect') return response.writeHead(302, { location: '/hooks' }).end();
    response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
  });
});
let port = 0;
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const delivery = (url: string, allowPrivateTargets: boolean) => ({
  url,
  body: '{"id":"evt_1"}',
  headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
  timeoutMs: 2_000,
  allowPrivateTargets,
});

/** DNS as a test wants it: every name resolves to the given addresses. */
const resolvingTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook egress', () => {
  it('refuses a loopback literal without connecting, unless private targets are allowed', async () => {
    const before = received.length;
    const refused = await postWebhook(delivery(`http://127.0.0.1:${port}/hooks`, false));
    expect(refused).toMatchObject({
      ok: false,
      statusCode: null,
      error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/),
    });
    expect(received.length).toBe(before);

    const allowed = await postWebhook(delivery(`http://127.0.0.1:${port}/hooks`, true));
    expect(allowed).toMatchObject({ ok: true, statusCode: 200, error: null, excerpt: 'thanks' });
    expect(received.at(-1)).toMatchObject({ path: '/hooks', body: '{"id":"evt_1"}', headers: { 'webhook-id': 'evt_1' } });
  });

  it('checks the address a name resolves to when the socket connects (DNS rebinding)', async () => {
    const url = `http://hooks.customer.test:${port}/hooks`;
    // Registration only sees a name, and lets it through...
    expect(checkWebhookTarget(url, { allowPrivateTargets: false }).ok).toBe(true);
    // ...but at delivery time the name resolves to 127.0.0.1, and the connection is refused.
    const before = received.length;
    const refused = await postWebhook(delivery(url, false), { resolve: resolvingTo('127.0.0.1') });
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe(
      'refused: hooks.customer.test resolves to 127.0.0.1, a loopback address; webhooks go to public addresses only',
    );
    expect(received.length).toBe(before);

    // The same resolver with private targets allowed: the socket connects to what the lookup gave.
    const allowed = await postWebhook(delivery(url, true), { resolve: resolvingTo('127.0.0.1') });
    expect(allowed).toMatchObject({ ok: true, statusCode: 200 });
    expect(received.at(-1)?.headers.host).toBe(`hooks.customer.test:${port}`);
  });

  it('refuses a name with any non-public address among its records', async () => {
    const result = await postWebhook(delivery(`http://mixed.customer.test:${port}/hooks`, false), {
      resolve: resolvingTo('93.184.215.14', '169.254.169.254'),
    });
    expect(result.error).toMatch(/resolves to 169\.254\.169\.254, a link-local address/);
  });

  it('refuses localhost through the system resolver', async () => {
    const before = received.length;
    const result = await postWebhook(delivery(`http://localhost:${port}/hooks`, false));
    expect(result.ok).toBe(false);
    // Not refused by its name: the lookup refuses the loopback address it resolves to.
    expect(result.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(received.length).toBe(before);
  });

  it('refuses IPv4-mapped IPv6 and the metadata address written as a literal', async () => {
    for (const url of [`http://[::ffff:127.0.0.1]:${port}/hooks`, 'http://169.254.169.254/latest/meta-data/']) {
      const result = await postWebhook(delivery(url, false));
      expect(result.error).toMatch(/^refused: /);
    }
  });

  it('does not follow redirects', async () => {
    const result = await postWebhook(delivery(`http://127.0.0.1:${port}/redirect`, true));
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(received.at(-1)?.path).toBe('/redirect');
  });

  it('sends only http(s)', async () => {
    const result = await postWebhook(delivery('ftp://example.com/hooks', true));
    expect(result).toMatchObject({ ok: false, error: 'refused: only http and https URLs are allowed' });
  });
});
