// Shared by the tests only (excluded from the build): what every fake's test-support builds alike.
// Each provider's own test-support keeps its constants, headers and request helpers; this holds the
// scaffolding under them. Adapter tests over real HTTP use `startFakeProviders` (the sandbox server).

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import Fastify from 'fastify';
import { expect } from 'vitest';
import type { ProviderFake } from './types.js';

/** A clock that moves only when the test says so: time-based rules are tested without waiting. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** A fake mounted in a Fastify app, on a {@link TestClock}, with tokens for the test's tenant. */
export interface MountedFake<F extends ProviderFake> extends TestClock {
  fake: F;
  /** The app the fake is mounted in: requests go through `app.inject()`, no port. */
  app: FastifyInstance;
  /** Minted for the test's tenant: the default credentials of a request. */
  tokens: ReturnType<F['mintTokens']>;
  close(): Promise<void>;
}

export interface MountOptions {
  /** Where the fake is mounted, as the sandbox server mounts it (`/sandbox/<provider>`). */
  prefix: string;
  /** The clock's start, epoch milliseconds. */
  start: number;
  /** The tenant the default tokens are minted for. */
  tenantId: string;
}

/**
 * Creates a fake with `create(now)` (pass `now` as the fake's clock), mounts its plugin under
 * `prefix` and mints tokens for `tenantId`.
 */
export async function mountFake<F extends ProviderFake>(create: (now: () => number) => F, options: MountOptions): Promise<MountedFake<F>> {
  let clock = options.start;
  const fake = create(() => clock);
  const app = Fastify({ logger: false });
  await app.register(fake.plugin, { prefix: options.prefix });
  await app.ready();
  return {
    fake,
    app,
    tokens: fake.mintTokens(options.tenantId) as ReturnType<F['mintTokens']>,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    close: () => app.close(),
  };
}

/**
 * A request's headers: `defaults` (an undefined one is left out), then `overrides`. An empty value
 * removes the header, so a test can send a request without, say, its tenant header.
 */
export function requestHeaders(
  defaults: Record<string, string | undefined>,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const all = { ...defaults, ...overrides };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** `path` followed by `query` as its query string, when there is one. */
export function withQuery(path: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** An OAuth client's credentials as an HTTP Basic `Authorization` value. */
export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** A refresh-token grant posted as a form, the client authenticated with HTTP Basic (RFC 6749 §2.3.1, §6). */
export function basicRefreshRequest(tokenUrl: string, refreshToken: string, clientId: string, clientSecret: string): InjectOptions {
  return {
    method: 'POST',
    url: tokenUrl,
    headers: { authorization: basicAuth(clientId, clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  };
}

/** A refresh-token grant posted as a form, the client credentials among its fields (RFC 6749 §2.3.1, §6). */
export function formRefreshRequest(tokenUrl: string, refreshToken: string, clientId: string, clientSecret: string): InjectOptions {
  return {
    method: 'POST',
    url: tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  };
}

/** Waits until `fake` has received `count` requests and they have had time to reach their (delayed) handlers. */
export async function settle(fake: Pick<ProviderFake, 'requests'>, count: number): Promise<void> {
  while (fake.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Asserts the HTML page an edge proxy answers with: the `status`, as HTML, with the status in its title. */
export function expectEdgeProxyPage(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.body).toContain(`<title>${status}`);
}

/** Asserts the fake dropped the connection without an answer (`inject()` rejects as on a reset socket). */
export async function expectDropped(request: Promise<LightMyRequestResponse>): Promise<void> {
  await expect(request).rejects.toMatchObject({ code: 'LIGHT_ECONNRESET' });
}
