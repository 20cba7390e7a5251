// Shared by the tests only (excluded from the build): a Zoho Books fake mounted like the API mounts it.
import type { LightMyRequestResponse } from 'fastify';
import type { MountedFake } from '../shared/test-support.js';
import { mountFake, requestHeaders } from '../shared/test-support.js';
import { createZohoBooksFake } from './index.js';
import type { ZohoAccount, ZohoBooksFake, ZohoBooksFakeOptions } from './index.js';

export const SECRET = 'test-secret-for-the-zoho-books-fake';
export const ORG = '10234695';
export const OTHER_ORG = '60015092519';
export const PREFIX = '/sandbox/zohobooks';
export const API = `${PREFIX}/books/v3`;
export const TOKEN_URL = `${PREFIX}/oauth/v2/token`;
// 2025-06-01 19:00:00 UTC.
export const START = Date.parse('2025-06-01T19:00:00Z');

export type ZohoBody = { code: number; message: string } & Record<string, unknown>;
export type CreatedBody = { code: 0; message: string; chart_of_account: ZohoAccount };
export type ListBody = {
  code: 0;
  message: string;
  chartofaccounts: (Record<string, unknown> & { account_id: string; account_name: string })[];
  page_context: { page: number; per_page: number; has_more_page: boolean; applied_filter: string; sort_column: string; sort_order: string };
};

export interface RequestOptions {
  organizationId?: string;
  token?: string;
  /** Overrides (or, with '', removes) default headers. */
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface Harness extends MountedFake<ZohoBooksFake> {
  create(body: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  list(query?: Record<string, string>, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  /** A refresh-token exchange with the parameters in the query string, as Zoho documents it. */
  refresh(params: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function harness(options: Partial<ZohoBooksFakeOptions> = {}): Promise<Harness> {
  const mounted = await mountFake((now) => createZohoBooksFake({ secret: SECRET, now, defaultBooks: false, ...options }), {
    prefix: PREFIX,
    start: START,
    tenantId: ORG,
  });
  const { app, tokens } = mounted;
  const headers = (opts: RequestOptions, contentType?: string) =>
    requestHeaders({ authorization: `Zoho-oauthtoken ${opts.token ?? tokens.access_token}`, 'content-type': contentType }, opts.headers);
  const url = (path: string, opts: RequestOptions, query: Record<string, string> = {}) => {
    const search = new URLSearchParams({ organization_id: opts.organizationId ?? ORG, ...query });
    if (opts.organizationId === '') search.delete('organization_id');
    return `${API}${path}?${search.toString()}`;
  };
  return {
    ...mounted,
    create: (body, opts = {}) =>
      app.inject({
        method: 'POST',
        url: url('/chartofaccounts', opts),
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify(body),
      }),
    read: (id, opts = {}) => app.inject({ method: 'GET', url: url(`/chartofaccounts/${id}`, opts), headers: headers(opts) }),
    list: (query = {}, opts = {}) => app.inject({ method: 'GET', url: url('/chartofaccounts', opts, query), headers: headers(opts) }),
    refresh: (params) => app.inject({ method: 'POST', url: `${TOKEN_URL}?${new URLSearchParams(params).toString()}` }),
  };
}

/** The refresh parameters of a valid exchange of `refreshToken` at `fake`. */
export function refreshParams(fake: ZohoBooksFake, refreshToken: string): Record<string, string> {
  return { refresh_token: refreshToken, client_id: fake.clientId, client_secret: fake.clientSecret, grant_type: 'refresh_token' };
}

/** The created account of a 201 answer. */
export function accountOf(response: LightMyRequestResponse): ZohoAccount {
  const body = response.json() as CreatedBody;
  if (body.code !== 0 || !body.chart_of_account) throw new Error(`no account in ${response.body}`);
  return body.chart_of_account;
}

/** The seed account of the project, in Zoho's words. */
export const CASH = {
  account_name: 'Cash',
  account_type: 'other_current_asset',
  account_code: '1000',
  description: 'Main cash account for daily operations',
};
export const ADVERTISING = { account_name: 'Advertising', account_type: 'expense', account_code: '6000' };
