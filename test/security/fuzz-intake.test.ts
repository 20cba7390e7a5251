import { accounts, webhookEndpoints } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// Property-based tests of the intake: generated bodies, headers and query strings. Whatever
// arrives, the answer is a 2xx, or a 4xx whose JSON body names the problem — never a 5xx — and a
// refused request stores nothing. Seeded, so a failure replays; numRuns keep the file near 15 s.
const SEED = 20_240_607;

let h: Harness;
let tenant: { projectId: string; apiKey: string; connectionId: string; connectionToken: string };
beforeAll(async () => {
  h = await startHarness({ workers: false });
  const project = await h.project('fuzz');
  tenant = { ...project, ...(await h.connection(project.projectId)) };
  const headers = { 'x-api-key': tenant.apiKey, 'x-connection-token': tenant.connectionToken };
  const meta = await h.app.inject({ method: 'GET', url: '/connection/field_mappings', headers });
  const mapping = await h.app.inject({
    method: 'PUT',
    url: '/connection/field_mappings/mapped',
    headers,
    payload: { remote_field: meta.json().mappable_fields[0] },
  });
  if (mapping.statusCode !== 200) throw new Error(`mapping failed: ${mapping.body}`);
});
afterAll(async () => {
  await h?.close();
});

type Answer = Awaited<ReturnType<Harness['app']['inject']>>;

const accountRows = async () =>
  (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, tenant.connectionId)))[0]?.n ?? 0;
const endpointRows = async () =>
  (await h.db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.projectId, tenant.projectId)))[0]?.n ?? 0;

/** The invariant every answer keeps. */
function expectWellFormed(response: Answer, what: string): void {
  expect(response.statusCode, `${what} → ${response.statusCode} ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode < 400) return;
  expect(response.headers['content-type'], what).toMatch(/^application\/json/);
  const body = response.json();
  expect(body, what).toMatchObject({
    statusCode: response.statusCode,
    error: expect.stringMatching(/^[a-z][a-z_]*$/),
    request_id: expect.any(String),
  });
  expect(typeof body.message === 'string' && body.message.length > 0, `${what}: a message`).toBe(true);
  if (body.details !== undefined) {
    // The field is named as sent (an unknown key may be the empty string), with what is wrong with it.
    for (const detail of body.details)
      expect(typeof detail.field === 'string' && detail.message.length > 0, `${what}: detail names a field`).toBe(true);
  }
}

// Strings that have broken JSON-backed services: NUL, lone surrogates, RTL marks, huge, SQL-ish.
const nastyString = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '\u202e',
      "'; drop table accounts; --",
      '%00',
      '{{7*7}}',
      '../../etc/passwd',
      ' ',
      '\uFEFF',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 5_000 }) },
);
const anyValue = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
/** Per field: values it accepts, and values it should refuse cleanly. */
const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('Cash', 'Petty cash', 'Caisse') },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: anyValue },
  ),
  description: fc.oneof(
    { weight: 2, arbitrary: fc.constant('Main account') },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: anyValue },
  ),
  classification: fc.oneof(fc.constantFrom('Asset', 'asset', 'Liability', 'Income'), nastyString, anyValue),
  type: fc.oneof(fc.constantFrom('Bank', 'Current Asset', 'Expense', 'bank', 'Nope'), nastyString, anyValue),
  status: fc.oneof(fc.constantFrom('Active', 'Inactive', 'active', 'gone'), nastyString, anyValue),
  current_balance: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), anyValue),
  currency: fc.oneof(fc.constantFrom('USD', 'eur', 'EURO', ''), nastyString, anyValue),
  account_number: fc.oneof(
    { weight: 2, arbitrary: fc.stringMatching(/^\d{1,6}$/) },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: anyValue },
  ),
  parent_account: fc.oneof(fc.uuid(), nastyString, anyValue),
  company_info_id: fc.oneof(
    { weight: 2, arbitrary: fc.constant('company-1') },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: anyValue },
  ),
  // `mapped` is mapped on the connection (see beforeAll), so any value under it is accepted.
  field_mappings: fc.oneof(
    fc.dictionary(fc.constant('mapped'), fc.oneof(nastyString, anyValue), { minKeys: 1, maxKeys: 1 }),
    fc.dictionary(fc.oneof(fc.constant('mapped'), nastyString), anyValue, { maxKeys: 2 }),
    anyValue,
  ),
};
/** A valid account with up to three fields changed, and now and then unknown keys. */
const accountBody = fc
  .tuple(
    fc.constantFrom<Record<string, unknown>>(
      { name: 'Cash', type: 'Bank' },
      { name: 'Sales', type: 'Revenue', account_number: '4000', currency: 'USD' },
      {},
    ),
    fc
      .subarray(Object.keys(fieldValues), { maxLength: 3 })
      .chain((keys) => fc.record(Object.fromEntries(keys.map((key) => [key, fieldValues[key] as fc.Arbitrary<unknown>])))),
    fc.oneof(
      { weight: 7, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { minKeys: 1, maxKeys: 2 }) },
    ),
  )
  .map(([base, changes, unknown]) => ({ ...base, ...changes, ...unknown }));
/** What arrives on the wire: a JSON document of any shape, or bytes that are not JSON at all. */
const rawBody = fc.oneof(
  { weight: 6, arbitrary: accountBody.map((body) => JSON.stringify(body)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`) },
  // Nesting inside a field the schema leaves open (field_mappings values are any JSON).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 50_000 })
      .map((depth) => `{"name":"Cash","type":"Bank","field_mappings":{"mapped":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', 'null', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '{"name":"a","name":"b"}'),
  },
);
const contentType = fc.oneof(
  { weight: 16, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json, text/plain',
      ';;;',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
);
const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });
/** Absent most of the time, so the rest of the request decides the answer. */
const optionalHeader = (value: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
const queryValue = fc.oneof(printable(20), fc.constantFrom('true', 'false', '1', '0', '-1', '101', '1e3', '50', '%00', '%zz', ''));
const randomQuery = fc
  .dictionary(fc.oneof(fc.constantFrom('remote_data', 'limit', 'cursor', 'type'), printable(8)), queryValue, { maxKeys: 4 })
  .map((query) => {
    const text = Object.entries(query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${/%/.test(value) ? value : encodeURIComponent(value)}`)
      .join('&');
    return text ? `?${text}` : '';
  });
const queryString = fc.oneof(
  { weight: 5, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('?remote_data=true', '?remote_data=0') },
  { weight: 3, arbitrary: randomQuery },
);

describe('fuzzed intake', () => {
  it('POST /accounting/accounts: never a 5xx; a refused request stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        contentType,
        queryString,
        optionalHeader(printable(300)),
        fc.constantFrom('valid', 'valid', 'valid', 'valid', 'mangled', 'absent'),
        async (payload, type, query, idempotencyKey, tokenCase) => {
          const token =
            tokenCase === 'valid'
              ? tenant.connectionToken
              : tokenCase === 'mangled'
                ? `${tenant.connectionToken.slice(0, -2)}zz`
                : undefined;
          const before = await accountRows();
          const response = await h.app.inject({
            method: 'POST',
            url: `/accounting/accounts${query}`,
            headers: {
              'x-api-key': tenant.apiKey,
              'content-type': type,
              ...(token ? { 'x-connection-token': token } : {}),
              ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
            },
            payload,
          });
          const what = `POST ${query} [${type}] ${payload.slice(0, 200)}`;
          expectWellFormed(response, what);
          const created = response.statusCode === 201 && response.headers['idempotent-replayed'] === undefined ? 1 : 0;
          expect(await accountRows(), `${what}: rows`).toBe(before + created);
        },
      ),
      { numRuns: 1_500, seed: SEED },
    );
  });

  it('GET /accounting/accounts and /accounting/accounts/{id}: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        queryString,
        fc.oneof(
          fc.constant(''),
          fc.uuid().map((id) => `/${id}`),
          printable(40).map((s) => `/${encodeURIComponent(s)}`),
        ),
        async (query, path) => {
          const response = await h.getAccounts(tenant, `${path}${query}`);
          expectWellFormed(response, `GET ${path}${query}`);
        },
      ),
      { numRuns: 800, seed: SEED },
    );
  });

  it('POST /webhooks and GET /webhooks: never a 5xx; a refused registration stores nothing', async () => {
    const url = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom(
        'http://127.0.0.1/x',
        'http://[::1]/',
        'http://169.254.169.254/',
        'ftp://example.com',
        'javascript:alert(1)',
        'http://',
        'https://a.b',
      ),
      nastyString,
    );
    const webhookBody = fc
      .tuple(
        fc.record(
          {
            url,
            description: fc.oneof(nastyString, fc.constant(null)),
            scope: fc.oneof(
              fc.array(fc.constantFrom('accounting.account.created', 'accounting.account.failed', 'connection.invalid', 'nope'), {
                maxLength: 5,
              }),
              anyValue,
            ),
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 2 }),
      )
      .map(([base, noise]) => JSON.stringify({ ...base, ...noise }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: webhookBody }, { weight: 1, arbitrary: rawBody }),
        contentType,
        queryString,
        async (payload, type, query) => {
          const before = await endpointRows();
          const response = await h.app.inject({
            method: 'POST',
            url: `/webhooks${query}`,
            headers: { 'x-api-key': tenant.apiKey, 'content-type': type },
            payload,
          });
          const what = `POST /webhooks [${type}] ${payload.slice(0, 200)}`;
          expectWellFormed(response, what);
          expect(await endpointRows(), `${what}: rows`).toBe(before + (response.statusCode === 201 ? 1 : 0));
          const list = await h.app.inject({ method: 'GET', url: `/webhooks${query}`, headers: { 'x-api-key': tenant.apiKey } });
          expectWellFormed(list, `GET /webhooks${query}`);
        },
      ),
      { numRuns: 600, seed: SEED },
    );
  });

  it('headers: any API key, token or Authorization value is a 401 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        optionalHeader(printable(120)),
        optionalHeader(printable(120)),
        optionalHeader(printable(120)),
        async (apiKey, authorization, token) => {
          const before = await accountRows();
          const response = await h.app.inject({
            method: 'POST',
            url: '/accounting/accounts',
            headers: {
              ...(apiKey !== undefined ? { 'x-api-key': apiKey } : {}),
              ...(authorization !== undefined ? { authorization } : {}),
              ...(token !== undefined ? { 'x-connection-token': token } : {}),
            },
            payload: { name: 'Cash', type: 'Bank' },
          });
          expectWellFormed(response, `headers ${JSON.stringify({ apiKey, authorization, token })}`);
          expect([400, 401]).toContain(response.statusCode);
          expect(await accountRows()).toBe(before);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });
});
