// Shared by the tests only (excluded from the build): a fake mounted like the API mounts it.
import type { LightMyRequestResponse } from 'fastify';
import { mountFake, requestHeaders } from '../shared/test-support.js';
import type { MountedFake } from '../shared/test-support.js';
import { createQuickbooksFake } from './index.js';
import type { QuickbooksFake, QuickbooksFakeOptions } from './index.js';

export const SECRET = 'test-secret-for-the-fake';
export const REALM = '9130350000000001';
export const OTHER_REALM = '9130350000000002';
export const PREFIX = '/sandbox/quickbooks';
export const START = Date.parse('2025-06-01T19:00:00Z');

export interface Harness extends MountedFake<QuickbooksFake> {
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  query(text: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
}

export interface RequestOptions {
  realm?: string;
  token?: string;
  requestid?: string;
  /** Overrides default headers; '' is sent as an empty value (the auth tests send an empty Authorization). */
  headers?: Record<string, string>;
  rawBody?: string;
}

export async function harness(options: Partial<QuickbooksFakeOptions> = {}): Promise<Harness> {
  // Realms start empty unless a test asks for the default books: most tests count what they create.
  const mounted = await mountFake((now) => createQuickbooksFake({ secret: SECRET, now, books: 'empty', ...options }), {
    prefix: PREFIX,
    start: START,
    tenantId: REALM,
  });
  const { app, tokens } = mounted;
  const headers = (opts: RequestOptions, contentType?: string) => ({
    ...requestHeaders({
      authorization: `Bearer ${opts.token ?? tokens.access_token}`,
      accept: 'application/json',
      'content-type': contentType,
    }),
    ...opts.headers,
  });
  return {
    ...mounted,
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
      app.inject({
        method: 'GET',
        url: `${PREFIX}/v3/company/${opts.realm ?? REALM}/account/${id}?minorversion=75`,
        headers: headers(opts),
      }),
    query: (text, opts = {}) =>
      app.inject({
        method: 'GET',
        url: `${PREFIX}/v3/company/${opts.realm ?? REALM}/query?query=${encodeURIComponent(text)}&minorversion=75`,
        headers: headers(opts),
      }),
  };
}

/** The single Error entry of an Intuit `Fault` envelope. */
export function faultOf(response: LightMyRequestResponse): {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
  type: string;
} {
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
