import Fastify from 'fastify';
import type { QuickbooksFake } from './quickbooks/index.js';
import { createFakeProviders } from './registry.js';

/** A standalone server running the provider fakes under `/sandbox`. */
export interface RunningFakeProviders {
  /** `http://HOST:PORT`, no trailing slash. */
  url: string;
  quickbooks: QuickbooksFake;
  baseUrls: { quickbooks: string };
  tokenUrls: { quickbooks: string };
  close(): Promise<void>;
}

/**
 * Starts the fakes on their own Fastify server (logger off), by default on 127.0.0.1 and a free port.
 */
export async function startFakeProviders(options: {
  secret: string;
  host?: string;
  port?: number;
  now?: () => number;
}): Promise<RunningFakeProviders> {
  const providers = createFakeProviders({ secret: options.secret, ...(options.now ? { now: options.now } : {}) });
  const app = Fastify({ logger: false });
  await app.register(providers.plugin, { prefix: '/sandbox' });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('fake providers server has no TCP address');
  }
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  const base = `${url}/sandbox/quickbooks`;
  return {
    url,
    quickbooks: providers.quickbooks,
    baseUrls: { quickbooks: base },
    tokenUrls: { quickbooks: `${base}/oauth2/v1/tokens/bearer` },
    close: () => app.close(),
  };
}
