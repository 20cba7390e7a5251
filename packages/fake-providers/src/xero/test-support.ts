// Shared by the tests only (excluded from the build): a Xero fake mounted like the API mounts it.
import type { LightMyRequestResponse } from 'fastify';
import type { MountedFake } from '../shared/test-support.js';
import { basicRefreshRequest, mountFake, requestHeaders, withQuery } from '../shared/test-support.js';
import { createXeroFake } from './index.js';
import type { XeroAccount, XeroFake, XeroFakeOptions } from './index.js';

export const SECRET = 'test-secret-for-the-xero-fake';
export const TENANT = '3f1d4c2e-8a6b-4e0f-9c7d-1a2b3c4d5e6f';
export const OTHER_TENANT = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const PREFIX = '/sandbox/xero';
export const API = `${PREFIX}/api.xro/2.0`;
export const TOKEN_URL = `${PREFIX}/connect/token`;
export const START = Date.parse('2025-06-01T19:00:00Z');

export type AccountsBody = { Id: string; Status: string; ProviderName: string; DateTimeUTC: string; Accounts: XeroAccount[] };
export type ExceptionBody = {
  ErrorNumber: number;
  Type: string;
  Message: string;
  Elements?: (Record<string, unknown> & { ValidationErrors: { Message: string }[] })[];
};

export interface RequestOptions {
  tenant?: string;
  token?: string;
  idempotencyKey?: string;
  /** Overrides (or, with '', removes) default headers. */
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface Harness extends MountedFake<XeroFake> {
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  list(query?: Record<string, string>, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  refresh(refreshToken: string, clientId?: string, clientSecret?: string): Promise<LightMyRequestResponse>;
  /** Any Accounting API request (`path` under `/api.xro/2.0`, with its query), a JSON body when given. */
  api(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function harness(options: Partial<XeroFakeOptions> = {}): Promise<Harness> {
  // An empty chart unless a test asks for the default books: the create rules are tested on their own.
  const mounted = await mountFake((now) => createXeroFake({ secret: SECRET, now, books: 'empty', ...options }), {
    prefix: PREFIX,
    start: START,
    tenantId: TENANT,
  });
  const { app, fake, tokens } = mounted;
  const headers = (opts: RequestOptions, contentType?: string) =>
    requestHeaders(
      {
        authorization: `Bearer ${opts.token ?? tokens.access_token}`,
        'xero-tenant-id': opts.tenant ?? TENANT,
        accept: 'application/json',
        'content-type': contentType,
        'idempotency-key': opts.idempotencyKey,
      },
      opts.headers,
    );
  return {
    ...mounted,
    create: (body, opts = {}) =>
      app.inject({
        method: 'PUT',
        url: `${API}/Accounts`,
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify(body),
      }),
    read: (id, opts = {}) => app.inject({ method: 'GET', url: `${API}/Accounts/${id}`, headers: headers(opts) }),
    list: (query = {}, opts = {}) => app.inject({ method: 'GET', url: withQuery(`${API}/Accounts`, query), headers: headers(opts) }),
    api: (method, path, body) =>
      app.inject({
        method,
        url: `${API}${path}`,
        headers: headers({}, body === undefined ? undefined : 'application/json'),
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    refresh: (refreshToken, clientId = fake.clientId, clientSecret = fake.clientSecret) =>
      app.inject(basicRefreshRequest(TOKEN_URL, refreshToken, clientId, clientSecret)),
  };
}

/** The created account of a 200 answer. */
export function accountOf(response: LightMyRequestResponse): XeroAccount {
  const account = (response.json() as AccountsBody).Accounts[0];
  if (!account) throw new Error(`no account in ${response.body}`);
  return account;
}

/** The ValidationErrors messages of a ValidationException's single element. */
export function validationMessages(response: LightMyRequestResponse): string[] {
  const body = response.json() as ExceptionBody;
  if (body.Type !== 'ValidationException') throw new Error(`not a ValidationException: ${response.body}`);
  return (body.Elements?.[0]?.ValidationErrors ?? []).map((error) => error.Message);
}

/** A valid create body of each kind. */
export const EXPENSE = { Code: '400', Name: 'Advertising', Type: 'EXPENSE', Description: 'Ads and marketing' };
export const BANK = { Code: '090', Name: 'Business Bank Account', Type: 'BANK', BankAccountNumber: '0209087654321050' };
