// Shared by the Xero adapter's tests only (excluded from the build): the fake on a real port.
import { startFakeProviders, type XeroFake, type XeroFakeOptions } from '@ledgersync/fake-providers';
import { afterEach } from 'vitest';

export const TENANT = '3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f';
export const OTHER_TENANT = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const START = Date.parse('2025-06-01T19:00:00Z');
/** Where the sandbox server mounts the Xero fake. */
export const PREFIX = '/sandbox/xero';

export interface XeroTestServer {
  fake: XeroFake;
  baseUrl: string;
  /** Minted for {@link TENANT}. */
  accessToken: string;
  now(): number;
  advance(ms: number): void;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** The Xero fake in the sandbox server, closed after the test; time moves only when told. */
export async function startXeroServer(options: Omit<XeroFakeOptions, 'secret' | 'now'> = {}): Promise<XeroTestServer> {
  let clock = START;
  const server = await startFakeProviders({ secret: 'xero-adapter-test-secret', now: () => clock, xero: options });
  open.push(() => server.close());
  return {
    fake: server.xero,
    baseUrl: server.baseUrls.xero,
    accessToken: server.xero.mintTokens(TENANT).access_token,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
  };
}
