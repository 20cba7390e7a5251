import { type QuickbooksFake, type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnavailable, RateLimited } from '../errors.js';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { quickbooksAccountsPull } from './accounts-pull.js';
import { quickbooksCompanyInfoPull } from './company-info.js';
import { quickbooksTaxRatesPull } from './tax-rates.js';
import { quickbooksTrackingCategoriesPull } from './tracking-categories.js';

// The readers against the QuickBooks fake over HTTP: every realm starts with a new US company's
// books, and changes are made at the fake through QuickBooks' own update API.
const REALM = '9130350000000201';
const START = Date.parse('2026-03-02T17:00:00Z');
const MINUTE = 60_000;

let server: RunningFakeProviders;
let fake: QuickbooksFake;
let clock = START;
let context: PullContext;
beforeAll(async () => {
  server = await startFakeProviders({ secret: 'quickbooks-pull-test-secret', now: () => clock });
  fake = server.quickbooks;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
  clock = START;
  context = { baseUrl: server.baseUrls.quickbooks, tenantId: REALM, accessToken: fake.mintTokens(REALM).access_token, timeoutMs: 5_000 };
});

/** Every page of a read, as the pipeline would ask for them (one request each). */
async function readAll<F>(read: (page: string | null) => Promise<PullPage<F>>): Promise<PullPage<F>[]> {
  const pages: PullPage<F>[] = [];
  let page: string | null = null;
  do {
    const answer: PullPage<F> = await read(page);
    pages.push(answer);
    page = answer.next;
  } while (page !== null && pages.length < 100);
  return pages;
}

const list = <F>(handler: PullHandler<F>) => readAll((page) => handler.list(context, page));
const changes = <F>(handler: PullHandler<F>, since: string) => {
  const feed = handler.changes;
  if (!feed) throw new Error('this reader has no change feed');
  return readAll((page) => feed(context, since, page));
};

/** QuickBooks' own API, as the customer's other apps use it. */
async function postToQuickbooks(entity: string, body: unknown, query = '') {
  const response = await fetch(`${server.baseUrls.quickbooks}/v3/company/${REALM}/${entity}?minorversion=75${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${context.accessToken}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, Record<string, unknown>> };
}

const records = <F>(pages: PullPage<F>[]) => pages.flatMap((page) => page.records);

describe('QuickBooks full pull (list)', () => {
  it("lands the new company's chart of accounts with remote ids and unified fields", async () => {
    const pages = await list(quickbooksAccountsPull);
    const accounts = records(pages);
    const atFake = fake.accounts(REALM);
    expect(accounts.map((a) => a.remoteId)).toEqual(atFake.map((a) => a.Id));
    expect(accounts.find((a) => a.fields.name === 'Accounts Receivable (A/R)')?.fields).toEqual({
      name: 'Accounts Receivable (A/R)',
      description: null,
      classification: 'Asset',
      type: 'Accounts Receivable',
      status: 'Active',
      current_balance: '0',
      currency: 'USD',
      account_number: null,
      parent_remote_id: null,
    });
    const parent = accounts.find((a) => a.fields.name === 'Car & Truck');
    expect(accounts.find((a) => a.fields.name === 'Gas & Fuel')?.fields).toMatchObject({ type: 'Expense', parent_remote_id: parent?.remoteId });
    expect(accounts[0]?.remoteCreatedAt).toBe(new Date(Math.floor(START / 1000) * 1000).toISOString());
    // The last page says where the next incremental pull starts: QuickBooks' time, less a margin.
    expect(pages.at(-1)?.watermark).toBe(new Date(START - 5 * MINUTE).toISOString());
  });

  it('pages through a large chart 1,000 accounts a request (QuickBooks MAXRESULTS), each account once', async () => {
    fake.seedAccounts(REALM, 2_500);
    const before = fake.requests.length;
    const pages = await list(quickbooksAccountsPull);
    const queries = fake.requests.slice(before).map((r) => r.query.query);
    expect(queries).toEqual([1, 1001, 2001].map((start) => `select * from Account where Active in (true, false) orderby Id startposition ${start} maxresults 1000`));
    const ids = records(pages).map((a) => a.remoteId);
    expect(new Set(ids).size).toBe(fake.accounts(REALM).length);
    expect(ids.length).toBe(2_532);
    expect(pages.map((p) => p.next === null)).toEqual([false, false, true]);
  });

  it('skips what it cannot map, with the reason, and reads the rest', async () => {
    const created = await postToQuickbooks('account', { Name: 'Estimates', AccountType: 'Non-Posting' });
    expect(created.status).toBe(200);
    const pages = await list(quickbooksAccountsPull);
    expect(pages.flatMap((p) => p.skipped)).toEqual([
      { remoteId: created.body.Account?.Id, reason: 'QuickBooks AccountType "Non-Posting" has no unified account type' },
    ]);
    expect(records(pages)).toHaveLength(fake.accounts(REALM).length - 1);
  });

  it('reads the company: Preferences for the home currency, then CompanyInfo', async () => {
    fake.configureRealm(REALM, { country: 'CA' });
    const before = fake.requests.length;
    const pages = await list(quickbooksCompanyInfoPull);
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual([
      `/sandbox/quickbooks/v3/company/${REALM}/preferences`,
      `/sandbox/quickbooks/v3/company/${REALM}/companyinfo/${REALM}`,
    ]);
    expect(records(pages)).toEqual([
      expect.objectContaining({
        remoteId: '1',
        fields: {
          name: 'Sandbox Company_CA_1',
          legal_name: 'Sandbox Company_CA_1',
          tax_number: null,
          fiscal_year_end_month: 12,
          fiscal_year_end_day: 31,
          currency: 'CAD',
          urls: ['https://www.example.com'],
          country: 'CA',
        },
      }),
    ]);
  });

  it('reads tax rates in basis points, exactly', async () => {
    const rates = records(await list(quickbooksTaxRatesPull));
    expect(rates.map((r) => r.fields)).toEqual([
      { description: 'California', total_tax_ratge: '725', effective_tax_rate: '725' },
      { description: 'San Francisco City', total_tax_ratge: '137.5', effective_tax_rate: '137.5' },
    ]);
    expect(quickbooksTaxRatesPull.changes).toBeUndefined();
  });

  it('reads classes then departments as tracking categories, ids kept apart', async () => {
    const categories = records(await list(quickbooksTrackingCategoriesPull));
    expect(categories.map((c) => [c.remoteId, c.fields])).toEqual([
      ['Class:1', { name: 'Retail', status: 'Active', category_type: 'Class', parent_remote_id: null }],
      ['Class:2', { name: 'Wholesale', status: 'Active', category_type: 'Class', parent_remote_id: null }],
      ['Class:3', { name: 'Online', status: 'Active', category_type: 'Class', parent_remote_id: 'Class:1' }],
      ['Department:1', { name: 'Headquarters', status: 'Active', category_type: 'Department', parent_remote_id: null }],
      ['Department:2', { name: 'Warehouse', status: 'Active', category_type: 'Department', parent_remote_id: null }],
    ]);
  });
});

describe('QuickBooks incremental pull (CDC)', () => {
  /** A full pull some time after the company was made, as a connection's first pull; its watermark. */
  async function firstPull<F>(handler: PullHandler<F>): Promise<string> {
    await list(handler);
    clock += 20 * MINUTE;
    const watermark = (await list(handler)).at(-1)?.watermark;
    if (!watermark) throw new Error('a full pull ends with a watermark');
    return watermark;
  }

  it('shows a sparse update and a deactivation made at QuickBooks, and nothing else', async () => {
    const since = await firstPull(quickbooksAccountsPull);
    clock += 10 * MINUTE;
    const [travel, meals] = ['Travel', 'Meals & Entertainment'].map((name) => fake.accounts(REALM).find((a) => a.Name === name));
    const renamed = await postToQuickbooks('account', { Id: travel?.Id, SyncToken: travel?.SyncToken, sparse: true, Name: 'Travel & Lodging' }, '&operation=update');
    expect(renamed.status).toBe(200);
    expect(renamed.body.Account).toMatchObject({ Name: 'Travel & Lodging', SyncToken: '1', AccountSubType: 'Travel' });
    const retired = await postToQuickbooks('account', { Id: meals?.Id, SyncToken: meals?.SyncToken, sparse: true, Active: false });
    expect(retired.status).toBe(200);

    const before = fake.requests.length;
    const pages = await changes(quickbooksAccountsPull, since);
    expect(fake.requests.slice(before).map((r) => r.path.split('/').at(-1))).toEqual(['cdc']);
    expect(fake.requests.at(-1)?.query).toMatchObject({ entities: 'Account' });
    const changed = records(pages);
    expect(changed.map((a) => [a.remoteId, a.fields.name, a.fields.status, a.removed])).toEqual([
      [travel?.Id, 'Travel & Lodging', 'Active', undefined],
      [meals?.Id, 'Meals & Entertainment', 'Inactive', { kind: 'archived', at: expect.any(String) }],
    ]);
    expect(pages.at(-1)?.watermark).toBe(new Date(clock - 5 * MINUTE).toISOString());
  });

  it('refuses a stale SyncToken as QuickBooks does (5010), and the refused change shows nowhere', async () => {
    const since = await firstPull(quickbooksAccountsPull);
    const travel = fake.accounts(REALM).find((a) => a.Name === 'Travel');
    await postToQuickbooks('account', { Id: travel?.Id, SyncToken: '0', sparse: true, Description: 'first' });
    const stale = await postToQuickbooks('account', { Id: travel?.Id, SyncToken: '0', sparse: true, Description: 'second' });
    expect(stale.status).toBe(400);
    expect(stale.body.Fault).toMatchObject({ Error: [{ code: '5010', Message: 'Stale Object Error' }] });
    expect(records(await changes(quickbooksAccountsPull, since)).map((a) => a.fields.description)).toEqual(['first']);
  });

  it('shows a Class made inactive (QuickBooks deletes no Class: delete is refused) as archived', async () => {
    const since = await firstPull(quickbooksTrackingCategoriesPull);
    const wholesale = fake.classes(REALM).find((c) => c.Name === 'Wholesale');
    const deleted = await postToQuickbooks('class', { Id: wholesale?.Id, SyncToken: wholesale?.SyncToken }, '&operation=delete');
    expect(deleted.status).toBe(400);
    const retired = await postToQuickbooks('class', { Id: wholesale?.Id, SyncToken: wholesale?.SyncToken, Name: 'Wholesale', Active: false, sparse: true });
    expect(retired.status).toBe(200);

    const before = fake.requests.length;
    const pages = await changes(quickbooksTrackingCategoriesPull, since);
    expect(fake.requests.slice(before).map((r) => r.query.entities)).toEqual(['Class', 'Department']);
    expect(records(pages)).toEqual([
      expect.objectContaining({
        remoteId: `Class:${String(wholesale?.Id)}`,
        fields: { name: 'Wholesale', status: 'Archived', category_type: 'Class', parent_remote_id: null },
        removed: { kind: 'archived', at: expect.any(String) },
      }),
    ]);
  });

  it('asks again from the latest change read when QuickBooks cuts an answer off at 1,000 objects', async () => {
    fake.seedAccounts(REALM, 600);
    clock += MINUTE;
    fake.seedAccounts(REALM, 600);
    const before = fake.requests.length;
    const pages = await changes(quickbooksAccountsPull, new Date(START - MINUTE).toISOString());
    const asked = fake.requests.slice(before).map((r) => [r.path.split('/').at(-1), r.query.changedSince]);
    expect(asked).toEqual([
      ['cdc', new Date(START - MINUTE).toISOString().replace('.000Z', '+00:00')],
      ['cdc', new Date(START + MINUTE).toISOString().replace('.000Z', '+00:00')],
    ]);
    expect(new Set(records(pages).map((a) => a.remoteId)).size).toBe(fake.accounts(REALM).length);
  });

  it('reads everything when QuickBooks refuses a look-back over 30 days', async () => {
    const since = new Date(clock - 31 * 24 * 60 * MINUTE).toISOString();
    const before = fake.requests.length;
    const pages = await changes(quickbooksAccountsPull, since);
    const cdc = fake.requests.slice(before)[0];
    expect(cdc).toMatchObject({ path: expect.stringMatching(/\/cdc$/), status: 400 });
    expect(pages[0]).toMatchObject({ records: [], next: expect.any(String) });
    expect(records(pages).map((a) => a.remoteId)).toEqual(fake.accounts(REALM).map((a) => a.Id));
    expect(pages.at(-1)?.watermark).toBe(new Date(clock - 5 * MINUTE).toISOString());
  });
});

describe('QuickBooks pull failures, classified as for a push', () => {
  it('429 is RateLimited and 5xx ProviderUnavailable, on a list page and on a change feed', async () => {
    fake.injectFault({ kind: 'status', status: 429 });
    await expect(quickbooksAccountsPull.list(context, null)).rejects.toBeInstanceOf(RateLimited);
    fake.injectFault({ kind: 'status', status: 503 });
    await expect(quickbooksTaxRatesPull.list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.injectFault({ kind: 'status', status: 500 });
    await expect(quickbooksCompanyInfoPull.list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.injectFault({ kind: 'status', status: 429 });
    await expect(quickbooksTrackingCategoriesPull.changes?.(context, new Date(clock).toISOString(), null)).rejects.toBeInstanceOf(RateLimited);
  });

  it('a page after a failure reads from where it stopped', async () => {
    fake.seedAccounts(REALM, 1_500);
    const first = await quickbooksAccountsPull.list(context, null);
    fake.injectFault({ kind: 'status', status: 502 });
    await expect(quickbooksAccountsPull.list(context, first.next)).rejects.toBeInstanceOf(ProviderUnavailable);
    const second = await quickbooksAccountsPull.list(context, first.next);
    expect(second.records[0]?.remoteId).toBe(fake.accounts(REALM)[1000]?.Id);
    expect(second.next).toBeNull();
  });
});
