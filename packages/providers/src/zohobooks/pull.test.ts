import { type RunningFakeProviders, startFakeProviders, type ZohoBooksFake } from '@ledgersync/fake-providers';
import { JsonNumber, type PulledFields, type PulledObjectName } from '@ledgersync/unified';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderUnavailable } from '../errors.js';
import { findPullCapabilities, findPullHandler, pulledObjectsOf } from '../registry.js';
import { pushContext } from '../test-support.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { zohobooksAccounts } from './accounts.js';
import { toZohoTime, zohobooksAccountReader } from './pull-accounts.js';
import { fromZohoOrganization } from './pull-company.js';
import { percentToBasisPoints } from './pull-taxes.js';

const ORG = '10234695';
const START = Date.parse('2026-12-01T09:00:00Z');
let clock = START;
let server: RunningFakeProviders;
let fake: ZohoBooksFake;
let context: PullContext;

beforeAll(async () => {
  server = await startFakeProviders({ secret: 'zoho-pull-test-secret', now: () => clock, zohobooks: { requestsPerMinute: 1_000 } });
  fake = server.fakes.zohobooks;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
  clock = START;
  context = { baseUrl: server.baseUrls.zohobooks, tenantId: ORG, accessToken: fake.mintTokens(ORG).access_token, timeoutMs: 5_000 };
});

/** Every page of a read, as the pipeline would take them one at a time. */
async function pullAll<F>(
  read: (page: string | null) => Promise<PullPage<F>>,
): Promise<{ pages: PullPage<F>[]; records: PulledRecord<F>[] }> {
  const pages: PullPage<F>[] = [];
  let page: string | null = null;
  do {
    const got: PullPage<F> = await read(page);
    pages.push(got);
    page = got.next;
  } while (page !== null && pages.length < 100);
  return { pages, records: pages.flatMap((p) => p.records) };
}

function reader<O extends PulledObjectName>(object: O): PullHandler<PulledFields[O]> {
  const handler = findPullHandler('zohobooks', object);
  if (!handler) throw new Error(`zohobooks reads no ${object}`);
  return handler;
}

/** An out-of-band change, through Zoho's own API as the customer's screens make it. */
async function zoho(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrls.zohobooks}/books/v3${path}?organization_id=${ORG}`, {
    method,
    headers: { authorization: `Zoho-oauthtoken ${context.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const idOf = (name: string) => {
  const account = fake.accounts(ORG).find((a) => a.account_name === name);
  if (!account) throw new Error(`no account ${name}`);
  return account.account_id;
};

describe('Zoho Books read mappings', () => {
  it('turns a percentage into basis points by its digits, never through a double', () => {
    expect(percentToBasisPoints(8.875)).toBe('887.5');
    expect(percentToBasisPoints(new JsonNumber('0.1000000000000000055'))).toBe('10.00000000000000055');
    expect(percentToBasisPoints(0)).toBe('0');
    expect(percentToBasisPoints('20')).toBeNull();
  });

  it("ends the fiscal year the month before Zoho's start month (0 = January), names accepted", () => {
    expect(fromZohoOrganization({ fiscal_year_start_month: 3 })).toMatchObject({ fiscal_year_end_month: 3, fiscal_year_end_day: 31 });
    expect(fromZohoOrganization({ fiscal_year_start_month: 2 })).toMatchObject({ fiscal_year_end_month: 2, fiscal_year_end_day: 28 });
    expect(fromZohoOrganization({ fiscal_year_start_month: 'april' })).toMatchObject({ fiscal_year_end_month: 3 });
    expect(fromZohoOrganization({ fiscal_year_start_month: 12 })).not.toHaveProperty('fiscal_year_end_month');
    // A country name is not an ISO code: only a two-letter code is taken.
    expect(fromZohoOrganization({ address: { country: 'U.S.A' } })).not.toHaveProperty('country');
    expect(fromZohoOrganization({ country_code: 'in' })).toMatchObject({ country: 'IN' });
  });

  it('sends the watermark as Zoho writes times, in UTC', () => {
    expect(toZohoTime('2026-12-01T10:00:00+01:00')).toBe('2026-12-01T09:00:00+0000');
    expect(toZohoTime(String(Date.parse('2026-12-01T09:00:00Z')))).toBe('2026-12-01T09:00:00+0000');
  });
});

describe('Zoho Books reads the books', () => {
  it('declares what it reads: the chart by last_modified_time, the rest by full pulls, 200 to a page', () => {
    expect(pulledObjectsOf('zohobooks')).toEqual(['companyinfo', 'account', 'taxrate', 'trackingcategory']);
    expect(findPullCapabilities('zohobooks', 'account')).toEqual({
      pageSize: 200,
      changes: 'modified-since',
      removal: ['deleted', 'archived'],
    });
    expect(findPullCapabilities('zohobooks', 'taxrate')?.changes).toBe('none');
    expect(findPullCapabilities('zohobooks', 'trackingcategory')?.changes).toBe('none');
  });

  it('lands the default chart and seeded accounts over several pages of 200, with remote ids and unified fields', async () => {
    fake.seedAccounts(ORG, 400);
    const held = fake.accounts(ORG);
    expect(held.length).toBeGreaterThan(440);
    const { pages, records } = await pullAll((page) => zohobooksAccountReader.list(context, page));
    expect(pages).toHaveLength(Math.ceil(held.length / 200));
    expect(pages.flatMap((p) => p.skipped)).toEqual([]);
    expect(new Set(records.map((r) => r.remoteId))).toEqual(new Set(held.map((a) => a.account_id)));
    const requests = fake.requests.filter((r) => r.method === 'GET');
    expect(requests.map((r) => r.query.page)).toEqual(pages.map((_, i) => String(i + 1)));
    expect(requests.every((r) => r.query.per_page === '200' && r.query.filter_by === 'AccountType.All')).toBe(true);

    const byName = (name: string) => records.find((r) => r.fields.name === name);
    expect(byName('Accounts Receivable')).toMatchObject({
      remoteId: idOf('Accounts Receivable'),
      fields: {
        type: 'Accounts Receivable',
        classification: 'Asset',
        status: 'Active',
        account_number: null,
        parent_remote_id: null,
        current_balance: '0',
      },
      remoteCreatedAt: '2026-12-01T09:00:00+00:00',
      remoteUpdatedAt: '2026-12-01T09:00:00+00:00',
    });
    expect(byName('Inventory Asset')?.fields).toMatchObject({ type: 'Inventory', classification: 'Asset' });
    expect(byName('Undeposited Funds')?.fields).toMatchObject({ type: 'Bank', classification: 'Asset' });
    expect(byName('Retained Earnings')?.fields).toMatchObject({ type: 'Equity', classification: 'Equity' });
    expect(byName('Cost of Goods Sold')?.fields).toMatchObject({ type: 'Cost of Goods Sold', classification: 'Expense' });
    expect(byName('Exchange Gain or Loss')?.fields).toMatchObject({ type: 'Other Expense', classification: 'Expense' });
  });

  it('lists an account ledgersync pushed like any other, under its parent', async () => {
    const parent = await zohobooksAccounts.create({ name: 'Bank Accounts', type: 'Bank', account_number: '1010' }, pushContext(context));
    const child = await zohobooksAccounts.create(
      { name: 'Operating', type: 'Bank' },
      pushContext(context, { parentRemoteId: parent.remoteId }),
    );
    const { records } = await pullAll((page) => zohobooksAccountReader.list(context, page));
    expect(records.find((r) => r.remoteId === child.remoteId)?.fields).toMatchObject({
      name: 'Operating',
      type: 'Bank',
      parent_remote_id: parent.remoteId,
    });
    expect(records.find((r) => r.remoteId === parent.remoteId)?.fields.account_number).toBe('1010');
  });

  it('reads what changed at Zoho since the watermark: an update and a deactivation, the deactivation as archived', async () => {
    await pullAll((page) => zohobooksAccountReader.list(context, page));
    const watermark = new Date(clock + 30_000).toISOString();
    clock += 60_000;
    expect((await zoho('PUT', `/chartofaccounts/${idOf('Petty Cash')}`, { account_name: 'Till', account_type: 'cash' })).status).toBe(200);
    expect((await zoho('POST', `/chartofaccounts/${idOf('Drawings')}/inactive`)).body).toMatchObject({ code: 0 });

    const changes = zohobooksAccountReader.changes;
    if (!changes) throw new Error('the chart has a modified-since filter');
    const { records } = await pullAll((page) => changes(context, watermark, page));
    expect(records.map((r) => r.fields.name).sort()).toEqual(['Drawings', 'Till']);
    expect(records.find((r) => r.fields.name === 'Till')).toMatchObject({
      fields: { type: 'Bank', status: 'Active' },
      remoteUpdatedAt: '2026-12-01T09:01:00+00:00',
    });
    expect(records.find((r) => r.fields.name === 'Drawings')).toMatchObject({
      fields: { status: 'Inactive' },
      removed: { kind: 'archived', at: '2026-12-01T09:01:00+00:00' },
    });
    expect(fake.requests.at(-1)?.query.last_modified_time).toBe('2026-12-01T09:00:30+0000');
  });

  it('leaves a deleted account out of the next full pull (the pipeline diffs it), and Zoho keeps its own accounts', async () => {
    const deleted = idOf('Janitorial Expense');
    expect((await zoho('DELETE', `/chartofaccounts/${deleted}`)).status).toBe(200);
    expect((await zoho('DELETE', `/chartofaccounts/${idOf('Accounts Payable')}`)).status).toBe(400);
    const { records } = await pullAll((page) => zohobooksAccountReader.list(context, page));
    expect(records.map((r) => r.remoteId)).not.toContain(deleted);
    expect(records.map((r) => r.fields.name)).toContain('Accounts Payable');
  });

  it('skips an account whose type it cannot map, with the reason, and reads the rest of the page', async () => {
    const [odd, trademarks] = fake.seedAccounts(ORG, [
      { account_name: 'Deferred Tax Asset', account_type: 'deferred_tax_asset' },
      { account_name: 'Trademarks', account_type: 'intangible_asset' },
    ]);
    const page = await zohobooksAccountReader.list(context, null);
    expect(page.skipped).toEqual([{ remoteId: odd, reason: 'account_type "deferred_tax_asset" has no unified type (vocabulary.ts)' }]);
    expect(page.records).toHaveLength(fake.accounts(ORG).length - 1);
    // An IFRS type of Zoho's create list reads back by its group.
    expect(page.records.find((r) => r.remoteId === trademarks)?.fields).toMatchObject({ type: 'Non-current Asset', classification: 'Asset' });
  });

  it('classifies a throttle, an outage and an expired token as a push does', async () => {
    fake.injectFault({ kind: 'status', status: 429 });
    await expect(zohobooksAccountReader.list(context, null)).rejects.toMatchObject({ name: 'RateLimited', retryAfterMs: 60_000 });
    fake.injectFault({ kind: 'status', status: 503 });
    await expect(reader('taxrate').list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.injectFault({ kind: 'status', status: 502 });
    await expect(reader('companyinfo').list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.injectFault({ kind: 'reset' });
    await expect(reader('trackingcategory').list(context, null)).rejects.toBeInstanceOf(ProviderUnavailable);
    fake.expireAccessTokens(ORG);
    await expect(zohobooksAccountReader.list(context, null)).rejects.toBeInstanceOf(CredentialsExpired);
  });

  it('reads the organisation: name, base currency and the end of its fiscal year', async () => {
    const { records } = await pullAll((page) => reader('companyinfo').list(context, page));
    expect(records).toEqual([
      {
        remoteId: ORG,
        fields: { name: 'Zillium Inc', currency: 'USD', fiscal_year_end_month: 12, fiscal_year_end_day: 31 },
        remoteData: expect.objectContaining({ organization_id: ORG, fiscal_year_start_month: 0 }),
      },
    ]);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/sandbox/zohobooks/books/v3/organizations/${ORG}`,
      query: { organization_id: ORG },
    });
  });

  it('reads the taxes with their rates in basis points, exactly', async () => {
    const { records } = await pullAll((page) => reader('taxrate').list(context, page));
    expect(records.map((r) => [r.fields.description, r.fields.total_tax_ratge, r.fields.effective_tax_rate])).toEqual([
      ['State Sales Tax', '625', '625'],
      ['City Tax', '262.5', '262.5'],
    ]);
    expect(records.map((r) => r.remoteId)).toEqual(fake.taxes(ORG).map((t) => t.tax_id));
  });

  it('reads each reporting tag and its options as tracking categories, an inactive option as archived', async () => {
    const { records } = await pullAll((page) => reader('trackingcategory').list(context, page));
    const [tag] = fake.reportingTags(ORG);
    if (!tag) throw new Error('the fake starts with a reporting tag');
    expect(records.map((r) => [r.remoteId, r.fields.name, r.fields.status, r.fields.category_type, r.fields.parent_remote_id])).toEqual([
      [tag.tag_id, 'Region', 'Active', 'reporting_tag', null],
      ...tag.tag_options.map((o) => [o.tag_option_id, o.tag_option_name, o.is_active ? 'Active' : 'Archived', 'Region', tag.tag_id]),
    ]);
    expect(records.find((r) => r.fields.name === 'Overseas')?.removed).toEqual({ kind: 'archived' });
  });
});
