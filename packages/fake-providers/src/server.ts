import Fastify from 'fastify';
import type { QuickbooksFake } from './quickbooks/index.js';
import { FAKE_PROVIDERS, createFakeProviders } from './registry.js';
import type { FakeProviderSlug, FakeProviders, FakeProvidersOptions } from './registry.js';
import type { XeroFake } from './xero/index.js';

/** A standalone server running the provider fakes under `/sandbox`. */
export interface RunningFakeProviders {
  /** `http://HOST:PORT`, no trailing slash. */
  url: string;
  /** The fakes the server runs (the same objects as `quickbooks`, `xero`). */
  fakes: FakeProviders;
  quickbooks: QuickbooksFake;
  xero: XeroFake;
  /** What a client uses as each provider's base URL: `<url>/sandbox/<provider>`, to which it appends the provider's own paths. */
  baseUrls: Record<FakeProviderSlug, string>;
  /** Each provider's token endpoint. */
  tokenUrls: Record<FakeProviderSlug, string>;
  close(): Promise<void>;
}

/**
 * Starts the fakes on their own Fastify server (logger off), by default on 127.0.0.1 and a free port.
 */
export async function startFakeProviders(
  options: FakeProvidersOptions & {
    host?: string;
    port?: number;
  },
): Promise<RunningFakeProviders> {
  const { host = '127.0.0.1', port = 0, ...fakeOptions } = options;
  const fakes = createFakeProviders(fakeOptions);
  // Closing destroys every connection: a client's keep-alive socket that was busy when close()
  // began would otherwise hold it for Fastify's 72 s keep-alive (clients honour the server's hint).
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(fakes.plugin, { prefix: '/sandbox' });
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('fake providers server has no TCP address');
  }
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  const baseUrls = Object.fromEntries(FAKE_PROVIDERS.map((slug) => [slug, `${url}/sandbox/${slug}`])) as Record<FakeProviderSlug, string>;
  const tokenUrls = Object.fromEntries(
    FAKE_PROVIDERS.map((slug) => [slug, `${baseUrls[slug]}${fakes.byProvider[slug]?.sandbox.tokenPath ?? ''}`]),
  ) as Record<FakeProviderSlug, string>;
  return {
    url,
    fakes,
    quickbooks: fakes.quickbooks,
    xero: fakes.xero,
    baseUrls,
    tokenUrls,
    close: () => app.close(),
  };
}
