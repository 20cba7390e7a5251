import { type PennylaneFake, type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import type { PulledFields, PulledObjectName } from '@ledgersync/unified';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRevoked, CredentialsExpired, ProviderRejected, ProviderUnavailable } from '../errors.js';
import { findPullCapabilities, findPullHandler, pulledObjectsOf } from '../registry.js';
import { pushContext } from '../test-support.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { pennylaneAccounts } from './accounts.js';

const COMPANY = '4815162';
const START = Date.parse('2026-12-01T09:00:00Z');
let clock = START;
let server: RunningFakeProviders;
let fake: PennylaneFake;
let context: PullContext;

beforeAll(async () => {
  // A window wide enough for a whole pull; the limit itself is the pipeline's to keep.
  server = await startFakeProviders({ secret: 'pennylane-pull-test-secret', now: () => clock, pennylane: { requestsPerWindow: 1_000 } });
  fake = server.fakes.pennylane;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
  clock = START;
  context = { baseUrl: server.baseUrls.pennylane, tenantId: COMPANY, accessToken: fake.mintTokens(COMPANY).access_token, timeoutMs: 5_000 };
});

function reader<O extends PulledObjectName>(object: O): PullHandler<PulledFields[O]> {
  const handler = findPullHandler('pennylane', object);
  if (!handler) throw new Error(`pennylane reads no ${object}`);
  return handler;
}

async function pullAll<F>(handler: PullHandler<F>): Promise<{ pages: PullPage<F>[]; records: PulledRecord<F>[] }> {
  const pages: PullPage<F>[] = [];
  let page: string | null = null;
  do {
    const got: PullPage<F> = await handler.list(context, page);
    pages.push(got);
    page = got.next;
  } while (page !== null && pages.length < 100);
  return { pages, records: pages.flatMap((p) => p.records) };
}

/** An out-of-band change, through Pennylane's own Update a ledger account. */
async function update(id: number, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${server.baseUrls.pennylane}/api/external/v2/ledger_accounts/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${context.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

const idOf = (number: string) => {
  const account = fake.accounts(COMPANY).find((a) => a.number === number);
  if (!account) throw new Error(`no account ${number}`);
  return account.id;
};

describe('Pennylane reads the books', () => {
  it('declares full pulls for everything it reads (no modified-since filter), 100 to a page, and no tax rates', () => {
    expect(pulledObjectsOf('pennylane')).toEqual(['companyinfo', 'account', 'trackingcategory']);
    expect(findPullCapabilities('pennylane', 'account')).toEqual({ pageSize: 100, changes: 'none', removal: ['deleted', 'archived'] });
    expect(reader('account').changes).toBeUndefined();
    expect(findPullHandler('pennylane', 'taxrate')).toBeUndefined();
  });

  it('lands the French default chart and seeded accounts over several cursor pages, classed by their numbers', async () => {
    fake.seedAccounts(COMPANY, 150);
    const held = fake.accounts(COMPANY);
    const { pages, records } = await pullAll(reader('account'));
    expect(pages).toHaveLength(Math.ceil(held.length / 100));
    expect(pages.flatMap((p) => p.skipped)).toEqual([]);
    expect(records.map((r) => r.remoteId)).toEqual(held.map((a) => String(a.id)));
    const requests = fake.requests.filter((r) => r.method === 'GET');
    expect(requests.map((r) => r.query.limit)).toEqual(pages.map(() => '100'));
    expect(requests[0]?.query.cursor).toBeUndefined();
    expect(requests[1]?.query.cursor).toEqual(expect.any(String));

    const byNumber = (number: string) => records.find((r) => r.fields.account_number === number);
    expect(byNumber('401')).toMatchObject({
      remoteId: String(idOf('401')),
      fields: { name: 'Fournisseurs', classification: 'Liability', type: 'Accounts Payable', status: 'Active', parent_remote_id: null },
      remoteCreatedAt: '2026-12-01T09:00:00.000Z',
      remoteUpdatedAt: '2026-12-01T09:00:00.000Z',
    });
    expect(byNumber('411')?.fields).toMatchObject({ name: 'Clients', classification: 'Asset', type: 'Accounts Receivable' });
    expect(byNumber('512')?.fields).toMatchObject({ name: 'Banque', classification: 'Asset', type: 'Bank' });
    expect(byNumber('706')?.fields).toMatchObject({ name: 'Prestations de services', classification: 'Revenue', type: 'Sales' });
    expect(byNumber('606')?.fields).toMatchObject({ classification: 'Expense', type: 'Cost of Goods Sold' });
    // 467 can sit on either side: its number alone cannot say, so neither is claimed.
    expect(byNumber('467')?.fields).toMatchObject({ classification: null, type: null });
  });

  it('lists an account ledgersync pushed like any other', async () => {
    const pushed = await pennylaneAccounts.create({ name: 'Banque Populaire', account_number: '512100' }, pushContext(context));
    const { records } = await pullAll(reader('account'));
    expect(records.find((r) => r.remoteId === pushed.remoteId)?.fields).toMatchObject({ name: 'Banque Populaire', type: 'Bank' });
  });

  it('shows a renamed and a disabled account in the next pull, the disabled one as archived', async () => {
    await pullAll(reader('account'));
    clock += 60_000;
    expect(await update(idOf('530'), { label: 'Caisse principale' })).toBe(200);
    expect(await update(idOf('580'), { enabled: false })).toBe(200);
    const { records } = await pullAll(reader('account'));
    expect(records.find((r) => r.fields.account_number === '530')).toMatchObject({
      fields: { name: 'Caisse principale', status: 'Active' },
      remoteUpdatedAt: '2026-12-01T09:01:00.000Z',
    });
    expect(records.find((r) => r.fields.account_number === '580')).toMatchObject({
      fields: { status: 'Inactive' },
      removed: { kind: 'archived', at: '2026-12-01T09:01:00.000Z' },
    });
  });

  it('skips an account whose number is not French chart digits, with the reason, and reads the rest', async () => {
    const [odd] = fake.seedAccounts(COMPANY, [{ number: 'CLI-DUPONT', label: 'Client importé' }]);
    const { pages } = await pullAll(reader('account'));
    expect(pages.flatMap((p) => p.skipped)).toEqual([
      { remoteId: String(odd), reason: 'number "CLI-DUPONT" is not a French chart of accounts number' },
    ]);
    expect(pages.flatMap((p) => p.records)).toHaveLength(fake.accounts(COMPANY).length - 1);
  });

  it('classifies a throttle, an outage and an expired token as a push does', async () => {
    fake.injectFault({ kind: 'status', status: 429 });
    await expect(reader('account').list(context, null)).rejects.toMatchObject({ name: 'RateLimited', status: 429 });
    fake.injectFault({ kind: 'status', status: 503 });
    await expect(reader('trackingcategory').list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.injectFault({ kind: 'status', status: 502 });
    await expect(reader('companyinfo').list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.expireAccessTokens(COMPANY);
    await expect(reader('account').list(context, null)).rejects.toBeInstanceOf(CredentialsExpired);
  });

  it('reports a token without the chart scope as the connection refused, and one without the categories scope as that read refused, naming the scope', async () => {
    fake.grantScopes(COMPANY, ['ledger_accounts:readonly']);
    const readonly = fake.mintTokens(COMPANY).access_token;
    expect(
      (await pullAll({ list: (_c, page) => reader('account').list({ ...context, accessToken: readonly }, page) })).records.length,
    ).toBeGreaterThan(0);
    const categories = await reader('trackingcategory')
      .list({ ...context, accessToken: readonly }, null)
      .catch((error: unknown) => error);
    // The chart can still be read and written: only the categories' pull fails, not the connection.
    expect(categories).toBeInstanceOf(ProviderRejected);
    expect((categories as Error).message).toContain('categories:readonly or categories:all');
    fake.grantScopes(COMPANY, ['ledger']);
    const retired = fake.mintTokens(COMPANY).access_token;
    const accounts = await reader('account')
      .list({ ...context, accessToken: retired }, null)
      .catch((error: unknown) => error);
    expect(accounts).toBeInstanceOf(ConnectionRevoked);
    expect((accounts as Error).message).toContain('ledger_accounts:readonly or ledger_accounts:all');
    // /me answers any valid token, whatever its scopes.
    expect((await reader('companyinfo').list({ ...context, accessToken: retired }, null)).records).toHaveLength(1);
  });

  it('reads the company of the token from /me', async () => {
    const { records } = await pullAll(reader('companyinfo'));
    expect(records).toEqual([
      { remoteId: COMPANY, fields: { name: 'Pennylane' }, remoteData: { id: Number(COMPANY), name: 'Pennylane', reg_no: 123456789 } },
    ]);
  });

  it('reads the category groups, then their categories under them', async () => {
    const { pages, records } = await pullAll(reader('trackingcategory'));
    const [group] = fake.categoryGroups(COMPANY);
    if (!group) throw new Error('the fake starts with a category group');
    expect(pages.map((p) => p.next)).toEqual(['categories:', null]);
    expect(records.map((r) => [r.remoteId, r.fields.name, r.fields.category_type, r.fields.parent_remote_id])).toEqual([
      [`group-${group.id}`, 'Activités', 'category_group', null],
      ...fake.categories(COMPANY).map((c) => [String(c.id), c.label, 'category', `group-${group.id}`]),
    ]);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/sandbox/pennylane/api/external/v2/category_groups',
      '/sandbox/pennylane/api/external/v2/categories',
    ]);
  });
});
