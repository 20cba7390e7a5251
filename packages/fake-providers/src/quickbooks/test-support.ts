// Shared by the tests only (excluded from the build): a fake mounted like the API mounts it.
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createQuickbooksFake } from './index.js';
import type { QuickbooksFake, QuickbooksFakeOptions, TokenResponse } from './index.js';

export const SECRET = 'test-secret-for-the-fake';
export const REALM = '9130350000000001';
export const OTHER_REALM = '9130350000000002';
export const PREFIX = '/sandbox/quickbooks';
export const START = Date.parse('2025-06-01T19:00:00Z');

export interface Harness {
  fake: QuickbooksFake;
  app: FastifyInstance;
  tokens: TokenResponse;
  now(): number;
  advance(ms: number): void;
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  query(text: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  realm?: string;
  token?: string;
  requestid?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

export async function harness(options: Partial<QuickbooksFakeOptions> = {}): Promise<Harness> {
  let clock = START;
  const fake = createQuickbooksFake({ secret: SECRET, now: () => clock, ...options });
  const app = Fastify({ logger: false });
  await app.register(fake.plugin, { prefix: PREFIX });
  await app.ready();
  const tokens = fake.mintTokens(REALM);
  const headers = (opts: RequestOptions, contentType?: string): Record<string, string> => ({
    authorization: `Bearer ${opts.token ?? tokens.access_token}`,
    accept: 'application/json',
    ...(contentType ? { 'content-type': contentType } : {}),
    ...opts.headers,
  });
  return {
    fake,
    app,
    tokens,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    create: (body, opts = {}) => {
      const requestid = opts.requestid === undefined ? '' : `&requestid=${encodeURIComponent(opts.requestid)}`;
      return app.inject({
        method: 'POST',
        url: `${PREFIX}/v3/company/${opts.realm ?? REALM}/account?minorversion=75${requestid}`,
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify(body),
      });
    },
    read: (id, opts = {}) =>
      app.inject({ method: 'GET', url: `${PREFIX}/v3/company/${opts.realm ?? REALM}/account/${id}?minorversion=75`, headers: headers(opts) }),
    query: (text, opts = {}) =>
      app.inject({
        method: 'GET',
        url: `${PREFIX}/v3/company/${opts.realm ?? REALM}/query?query=${encodeURIComponent(text)}&minorversion=75`,
        headers: headers(opts),
      }),
    close: () => app.close(),
  };
}

/** The single Error entry of an Intuit `Fault` envelope. */
export function faultOf(response: LightMyRequestResponse): { Message: string; Detail: string; code: string; element?: string; type: string } {
  const body = response.json() as { Fault: { Error: { Message: string; Detail: string; code: string; element?: string }[]; type: string } };
  const error = body.Fault.Error[0];
  if (!error) throw new Error(`no Fault.Error in ${response.body}`);
  return { ...error, type: body.Fault.type };
}

/** The single error entry of the gateway's lower-case envelope (401/403/500). */
export function gatewayFaultOf(response: LightMyRequestResponse): { message: string; detail: string | null; code: string; type: string } {
  const body = response.json() as { fault: { error: { message: string; detail: string | null; code: string }[]; type: string } };
  const error = body.fault.error[0];
  if (!error) throw new Error(`no fault.error in ${response.body}`);
  return { ...error, type: body.fault.type };
}
