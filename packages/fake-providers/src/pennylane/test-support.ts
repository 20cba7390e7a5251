// Shared by the tests only (excluded from the build): a Pennylane fake mounted like the API mounts it.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Fastify from 'fastify';
import type { PennylaneFake, PennylaneFakeOptions, PennylaneLedgerAccount, PennylaneTokenResponse } from './index.js';
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

export interface Harness {
  fake: PennylaneFake;
  app: FastifyInstance;
  tokens: PennylaneTokenResponse;
  now(): number;
  advance(ms: number): void;
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string | number, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  list(query?: Record<string, string>, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  refresh(refreshToken: string, opts?: RefreshOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function harness(options: Partial<PennylaneFakeOptions> = {}): Promise<Harness> {
  let clock = START;
  const fake = createPennylaneFake({ secret: SECRET, now: () => clock, ...options });
  const app = Fastify({ logger: false });
  await app.register(fake.plugin, { prefix: PREFIX });
  await app.ready();
  const tokens = fake.mintTokens(COMPANY);
  const headers = (opts: RequestOptions, contentType?: string): Record<string, string> => {
    const all: Record<string, string> = {
      authorization: `Bearer ${opts.token ?? tokens.access_token}`,
      accept: 'application/json',
      ...(contentType ? { 'content-type': contentType } : {}),
      ...opts.headers,
    };
    return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== ''));
  };
  return {
    fake,
    app,
    tokens,
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    create: (body, opts = {}) =>
      app.inject({
        method: 'POST',
        url: `${API}/ledger_accounts`,
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify(body),
      }),
    read: (id, opts = {}) => app.inject({ method: 'GET', url: `${API}/ledger_accounts/${id}`, headers: headers(opts) }),
    list: (query = {}, opts = {}) => {
      const search = new URLSearchParams(query).toString();
      return app.inject({ method: 'GET', url: `${API}/ledger_accounts${search ? `?${search}` : ''}`, headers: headers(opts) });
    },
    refresh: (refreshToken, opts = {}) => {
      const clientId = opts.clientId ?? fake.clientId;
      const clientSecret = opts.clientSecret ?? fake.clientSecret;
      const grant = { grant_type: 'refresh_token', refresh_token: refreshToken };
      if (opts.via === 'json') {
        return app.inject({
          method: 'POST',
          url: TOKEN_URL,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ ...grant, client_id: clientId, client_secret: clientSecret }),
        });
      }
      const basic = opts.via === 'basic';
      return app.inject({
        method: 'POST',
        url: TOKEN_URL,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(basic ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } : {}),
        },
        payload: new URLSearchParams(basic ? grant : { ...grant, client_id: clientId, client_secret: clientSecret }).toString(),
      });
    },
    close: () => app.close(),
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
