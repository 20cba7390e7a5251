// Shared by the tests only (excluded from the build): a Sage fake mounted like the API mounts it.
import type { LightMyRequestResponse } from 'fastify';
import type { MountedFake } from '../shared/test-support.js';
import { basicRefreshRequest, formRefreshRequest, mountFake, requestHeaders, withQuery } from '../shared/test-support.js';
import type { SageDiagnosis } from './answers.js';
import type { SageFake, SageFakeOptions, SageLedgerAccount } from './index.js';
import { createSageFake } from './index.js';
import type { SagePage } from './pages.js';

export const SECRET = 'test-secret-for-the-sage-fake';
export const BUSINESS = '0d40342d0287cd6b13555c54afca6c90';
export const OTHER_BUSINESS = '49c196153fb1524b7d888cece84e8b12';
export const PREFIX = '/sandbox/sage';
export const API = `${PREFIX}/v3.1`;
export const TOKEN_URL = `${PREFIX}/token`;
export const START = Date.parse('2025-06-01T19:00:00Z');

export type Page = SagePage<Record<string, unknown>>;

export interface RequestOptions {
  business?: string;
  token?: string;
  /** Overrides (or, with '', removes) default headers. */
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface Harness extends MountedFake<SageFake> {
  /** POSTs `{"ledger_account": account}` (or `rawBody`). */
  create(account: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  read(id: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  list(query?: Record<string, string>, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  get(path: string, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  /** PUT (or another method) of `body` as JSON to a path under `/v3.1`. */
  send(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown, opts?: RequestOptions): Promise<LightMyRequestResponse>;
  /** The refresh-token grant as Sage documents it (client credentials as form fields), or with HTTP Basic. */
  refresh(
    refreshToken: string,
    opts?: { clientId?: string; clientSecret?: string; via?: 'form' | 'basic' },
  ): Promise<LightMyRequestResponse>;
}

/**
 * A fake on a test clock. Its businesses start with an empty chart unless `defaultBooks` is given:
 * most of these tests are about what a create does, and read the business's accounts whole.
 */
export async function harness(options: Partial<SageFakeOptions> = {}): Promise<Harness> {
  const mounted = await mountFake((now) => createSageFake({ secret: SECRET, now, defaultBooks: false, ...options }), {
    prefix: PREFIX,
    start: START,
    tenantId: BUSINESS,
  });
  const { app, fake, tokens } = mounted;
  const headers = (opts: RequestOptions, contentType?: string) =>
    requestHeaders(
      {
        authorization: `Bearer ${opts.token ?? tokens.access_token}`,
        'x-business': opts.business ?? BUSINESS,
        accept: 'application/json',
        'content-type': contentType,
      },
      opts.headers,
    );
  const get = (path: string, opts: RequestOptions = {}) => app.inject({ method: 'GET', url: `${API}${path}`, headers: headers(opts) });
  return {
    ...mounted,
    create: (account, opts = {}) =>
      app.inject({
        method: 'POST',
        url: `${API}/ledger_accounts`,
        headers: headers(opts, 'application/json'),
        payload: opts.rawBody ?? JSON.stringify({ ledger_account: account }),
      }),
    read: (id, opts) => get(`/ledger_accounts/${id}`, opts),
    list: (query = {}, opts = {}) => get(withQuery('/ledger_accounts', query), opts),
    get,
    send: (method, path, body, opts = {}) =>
      app.inject({
        method,
        url: `${API}${path}`,
        headers: headers(opts, body === undefined ? undefined : 'application/json'),
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    refresh: (refreshToken, { clientId = fake.clientId, clientSecret = fake.clientSecret, via = 'form' } = {}) =>
      app.inject((via === 'basic' ? basicRefreshRequest : formRefreshRequest)(TOKEN_URL, refreshToken, clientId, clientSecret)),
  };
}

/** The account of a 201 (or a 200 read). */
export function accountOf(response: LightMyRequestResponse): SageLedgerAccount {
  const body = response.json() as SageLedgerAccount;
  if (typeof body.id !== 'string') throw new Error(`no ledger account in ${response.body}`);
  return body;
}

/** The diagnoses of an error answer, as `[$source, $message]` pairs, after checking the envelope. */
export function diagnosesOf(response: LightMyRequestResponse): [string, string][] {
  const body = response.json() as SageDiagnosis[];
  if (!Array.isArray(body)) throw new Error(`not a Sage error array: ${response.body}`);
  for (const entry of body) {
    if (entry.$severity !== 'error' || typeof entry.$dataCode !== 'string')
      throw new Error(`not a Sage diagnosis: ${JSON.stringify(entry)}`);
  }
  return body.map((entry) => [entry.$source, entry.$message]);
}

/** The seed account, as the ledgersync adapter sends it. */
export const CASH = {
  ledger_account_type_id: 'CURRENT_ASSETS',
  included_in_chart: true,
  name: 'Cash',
  display_name: 'Cash',
  nominal_code: 1000,
};
export const ADVERTISING = {
  ledger_account_type_id: 'OVERHEADS',
  included_in_chart: true,
  name: 'Advertising',
  display_name: 'Advertising & Marketing',
  nominal_code: 6201,
};
