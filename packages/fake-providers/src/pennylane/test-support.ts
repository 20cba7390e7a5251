// Shared by the tests only (excluded from the build): a Pennylane fake mounted like the API mounts it.

import type { LightMyRequestResponse } from 'fastify';
import type { MountedFake } from '../shared/test-support.js';
import { basicRefreshRequest, mountFake, requestHeaders, withQuery } from '../shared/test-support.js';
import type { PennylaneFake, PennylaneFakeOptions, PennylaneLedgerAccount } from './index.js';
import { createPennylaneFake } from './index.js';

export const SECRET = 'test-secret-for-the-pennylane-fake';
export const COMPANY = '4815162';
export const OTHER_COMPANY = '2342';
export const PREFIX = '/sandbox/pennylane';
export const API = `${PREFIX}/api/external/v2`;
export const TOKEN_URL = `${PREFIX}/oauth/token`;
export const START = Date.parse('2025-06-01T19:00:00Z');
/** `ratelimit-reset` of a window that started at START: 5 s later, in Unix seconds. */
export const FIRST_RESET = String((START + 5_000) / 1000);

export type ListBody = { items: PennylaneLedgerAccount[]; has_more: boolean; next_cursor: string | null };

export interface RequestOptions {
  token?: string;
  /** Overrides (or, with '', removes) default headers. */
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface RefreshOptions {
  clientId?: string;
  clientSecret?: string;
  /** How the client credentials travel: form fields (Pennylane's way), HTTP Basic, or a JSON body. */
  via?: 'form' | 'basic' | 'json';
}

export interface Harness extends MountedFake<PennylaneFake> {
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string | number, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  list(query?: Record<string, string>, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  refresh(refreshToken: string, opts?: RefreshOptions): Promise<LightMyRequestResponse>;
}

export async function harness(options: Partial<PennylaneFakeOptions> = {}): Promise<Harness> {
  const mounted = await mountFake((now) => createPennylaneFake({ secret: SECRET, now, defaultBooks: false, timestamps: false, ...options }), {
    prefix: PREFIX,
    start: START,
    tenantId: COMPANY,
  });
  const { app, fake, tokens } = mounted;
  const headers = (opts: RequestOptions, contentType?: string) =>
    requestHeaders(
      { authorization: `Bearer ${opts.token ?? tokens.access_token}`, accept: 'application/json', 'content-type': contentType },
      opts.headers,
    );
  return {
    ...mounted,
    create: (body, opts = {}) =>
      app.inject({
        method: 'POST',
        url: `${API}/ledger_accounts`,
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify(body),
      }),
    read: (id, opts = {}) => app.inject({ method: 'GET', url: `${API}/ledger_accounts/${id}`, headers: headers(opts) }),
    list: (query = {}, opts = {}) => app.inject({ method: 'GET', url: withQuery(`${API}/ledger_accounts`, query), headers: headers(opts) }),
    refresh: (refreshToken, opts = {}) => {
      const clientId = opts.clientId ?? fake.clientId;
      const clientSecret = opts.clientSecret ?? fake.clientSecret;
      if (opts.via === 'basic') return app.inject(basicRefreshRequest(TOKEN_URL, refreshToken, clientId, clientSecret));
      const grant = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret };
      return opts.via === 'json'
        ? app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(grant) })
        : app.inject({
            method: 'POST',
            url: TOKEN_URL,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams(grant).toString(),
          });
    },
  };
}

/** The account of a 201 or 200 answer. */
export function accountOf(response: LightMyRequestResponse): PennylaneLedgerAccount {
  if (response.statusCode >= 300) throw new Error(`no account in ${response.statusCode} ${response.body}`);
  return response.json() as PennylaneLedgerAccount;
}

/** A French bank account (class 5, 512 = banks) and a revenue account (class 7, 706 = services). */
export const BANK = { number: '512100', label: 'Banque' };
export const SERVICES = { number: '706', label: 'Prestations de services', vat_rate: 'FR_200', country_alpha2: 'FR' };
