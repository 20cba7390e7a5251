import { type RunningFakeProviders, type SageFake, type SageFakeOptions, startFakeProviders } from '@ledgersync/fake-providers';
import { afterEach, describe, expect, it } from 'vitest';
import { findPullCapabilities, pulledObjectsOf } from '../registry.js';
import { pushContext } from '../test-support.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { sageAccounts } from './accounts.js';
import { sageAccountReader } from './accounts-reader.js';
import { sageCompanyInfoReader } from './company-info.js';
import { sageTaxRateReader } from './tax-rates.js';
import { sageTrackingCategoryReader } from './tracking-categories.js';

const BUSINESS = 'd41d8cd98f00b204e9800998ecf8427e';
const START = Date.parse('2025-06-01T09:00:00Z');

let server: RunningFakeProviders;
let fake: SageFake;
let clock = START;

async function start(sage: Omit<SageFakeOptions, 'secret' | 'now'> = {}) {
  clock = START;
  server = await startFakeProviders({ secret: 'sage-pull-test', now: () => clock, sage });
  fake = server.fakes.sage;
}

afterEach(async () => {
  await server.close();
});

const context = (): PullContext => ({
  baseUrl: server.baseUrls.sage,
  tenantId: BUSINESS,
  accessToken: fake.mintTokens(BUSINESS).access_token,
  timeoutMs: 5_000,
});

/** Every page of a read, as the pipeline walks it: the token each page gives, until none. */
async function readAll<F>(read: (page: string | null) => Promise<PullPage<F>>) {
  const pages: PullPage<F>[] = [];
  let token: string | null = null;
  do {
    const page: PullPage<F> = await read(token);
    pages.push(page);
    token = page.next;
  } while (token !== null && pages.length < 1_000);
  return { pages, records: pages.flatMap((p) => p.records), last: pages.at(-1) };
}

const byName = <F extends { name?: string | null }>(records: PulledRecord<F>[], name: string) =>
  records.find((r) => r.fields.name === name);

/** A change made at Sage through its own API, as a user of the business would (`PUT /ledger_accounts/{id}`). */
async function putLedgerAccount(id: string, ledgerAccount: Record<string, unknown>) {
  const response = await fetch(`${server.baseUrls.sage}/v3.1/ledger_accounts/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${context().accessToken}`, 'x-business': BUSINESS, 'content-type': 'application/json' },
    body: JSON.stringify({ ledger_account: ledgerAccount }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe('Sage pulls: what the descriptor declares', () => {
  it('reads company info first, then accounts, tax rates and tracking categories, 200 a page', async () => {
    await start();
    expect(pulledObjectsOf('sage')).toEqual(['companyinfo', 'account', 'taxrate', 'trackingcategory']);
    expect(findPullCapabilities('sage', 'account')).toEqual({ pageSize: 200, changes: 'feed', removal: ['archived'] });
    expect(findPullCapabilities('sage', 'taxrate')?.changes).toBe('modified-since');
    expect(findPullCapabilities('sage', 'companyinfo')?.changes).toBe('none');
  });
});

describe('Sage ledger accounts, read from the fake', () => {
  it("lands the business's default chart over several pages, one request a page, with remote ids and unified fields", async () => {
    await start({ maxItemsPerPage: 10 });
    const { pages, records, last } = await readAll((page) => sageAccountReader.list(context(), page));
    const held = fake.accounts(BUSINESS);
    expect(held.length).toBeGreaterThan(30);
    expect(pages).toHaveLength(Math.ceil(held.length / 10));
    const gets = fake.requests.filter((r) => r.path.endsWith('/v3.1/ledger_accounts'));
    expect(gets).toHaveLength(pages.length);
    expect(gets.map((r) => r.query.page)).toEqual(pages.map((_, i) => String(i + 1)));
    expect(gets[0]?.query).toMatchObject({ items_per_page: '200', attributes: 'all' });
    expect(records.map((r) => r.remoteId).sort()).toEqual(held.map((a) => a.id).sort());
    expect(pages.flatMap((p) => p.skipped)).toEqual([]);
    const bank = byName(records, 'Bank Current Account');
    expect(bank).toMatchObject({
      remoteId: held.find((a) => a.nominal_code === 1200)?.id,
      fields: {
        name: 'Bank Current Account',
        type: 'Bank',
        classification: 'Asset',
        status: 'Active',
        account_number: '1200',
        parent_remote_id: null,
      },
      remoteCreatedAt: '2025-06-01T09:00:00Z',
      remoteUpdatedAt: '2025-06-01T09:00:00Z',
    });
    expect(bank?.removed).toBeUndefined();
    expect(byName(records, 'Sales Type A')?.fields).toMatchObject({ type: 'Sales', classification: 'Revenue', account_number: '4000' });
    expect(byName(records, 'Trade Creditors')?.fields).toMatchObject({ type: 'Current Liability', classification: 'Liability' });
    expect(byName(records, 'Depreciation')?.fields).toMatchObject({ type: 'Depreciation', classification: 'Expense' });
    // The next incremental read starts at the server's time when this one began.
    expect(pages.slice(0, -1).every((p) => p.watermark === undefined)).toBe(true);
    expect(last?.watermark).toBe('2025-06-01T09:00:00.000Z');
  });

  it('shows a rename, a hidden account and a pushed one in the next incremental read, and nothing else', async () => {
    await start();
    fake.accounts(BUSINESS); // The business exists before the first read, with its chart.
    clock += 3_600_000;
    const full = await readAll((page) => sageAccountReader.list(context(), page));
    const watermark = full.last?.watermark ?? '';
    const printing = byName(full.records, 'Printing');
    const salesC = byName(full.records, 'Sales Type C');
    clock += 60_000;
    await putLedgerAccount(printing?.remoteId ?? '', { name: 'Office costs', display_name: 'Office costs' });
    await putLedgerAccount(salesC?.remoteId ?? '', { included_in_chart: false });
    const pushed = await sageAccounts.create(
      { name: 'Subscriptions', type: 'Expense', account_number: '7510' },
      pushContext({ baseUrl: server.baseUrls.sage, tenantId: BUSINESS, accessToken: context().accessToken }),
    );
    const before = fake.requests.length;
    const changed = await readAll(
      (page) => sageAccountReader.changes?.(context(), watermark, page) ?? Promise.reject(new Error('no feed')),
    );
    expect(fake.requests.length - before).toBe(1);
    expect(fake.requests.at(-1)?.query).toMatchObject({ updated_or_created_since: '2025-06-01T10:00:00Z' });
    expect(changed.records.map((r) => r.remoteId).sort()).toEqual([printing?.remoteId, salesC?.remoteId, pushed.remoteId].sort());
    expect(changed.records.find((r) => r.remoteId === printing?.remoteId)?.fields).toMatchObject({
      name: 'Office costs',
      account_number: '7500',
    });
    expect(changed.records.find((r) => r.remoteId === salesC?.remoteId)).toMatchObject({
      fields: { name: 'Sales Type C', status: 'Inactive' },
      removed: { kind: 'archived', at: '2025-06-01T10:01:00Z' },
    });
    expect(changed.records.find((r) => r.remoteId === pushed.remoteId)?.fields).toMatchObject({ type: 'Overhead', account_number: '7510' });
    expect(changed.last?.watermark).toBe('2025-06-01T10:01:00.000Z');
  });

  it('pages through 100,000 seeded accounts in order at 200 a page', async () => {
    await start({ requestsPerWindow: 1_000_000, requestsPerDay: 1_000_000 });
    const chart = fake.accounts(BUSINESS).length;
    fake.seedLedgerAccounts(BUSINESS, 100_000);
    let token: string | null = null;
    let count = 0;
    let pages = 0;
    let lastCode = -1;
    do {
      const page: PullPage<{ account_number?: string | null }> = await sageAccountReader.list(context(), token);
      for (const r of page.records) {
        const code = Number(r.fields.account_number);
        expect(code).toBeGreaterThan(lastCode);
        lastCode = code;
      }
      count += page.records.length;
      pages++;
      token = page.next;
    } while (token !== null);
    expect(count).toBe(100_000 + chart);
    expect(pages).toBe(Math.ceil((100_000 + chart) / 200));
  }, 120_000);
});

describe('Sage tax rates, company info and tracking categories, read from the fake', () => {
  it('reads the UK VAT rates in exact basis points, and a changed rate in the next incremental read', async () => {
    await start();
    fake.taxRates(BUSINESS);
    clock += 60_000;
    const full = await readAll((page) => sageTaxRateReader.list(context(), page));
    expect(Object.fromEntries(full.records.map((r) => [r.remoteId, r.fields.total_tax_ratge]))).toEqual({
      GB_STANDARD: '2000',
      GB_LOWER: '500',
      GB_ZERO: '0',
      GB_EXEMPT: '0',
      GB_NO_TAX: '0',
    });
    expect(full.records.find((r) => r.remoteId === 'GB_STANDARD')?.fields).toEqual({
      description: 'Standard',
      total_tax_ratge: '2000',
      effective_tax_rate: '2000',
    });
    clock += 60_000;
    fake.changeTaxRate(BUSINESS, 'GB_LOWER', { percentage: 8.875 });
    const changed = await readAll((page) => sageTaxRateReader.changes?.(context(), full.last?.watermark ?? '', page) ?? Promise.reject());
    expect(changed.records.map((r) => [r.remoteId, r.fields.total_tax_ratge])).toEqual([['GB_LOWER', '887.5']]);
  });

  it("reads the business's company info in two requests", async () => {
    await start();
    const { pages, records } = await readAll((page) => sageCompanyInfoReader.list(context(), page));
    expect(pages).toHaveLength(2);
    expect(fake.requests.map((r) => r.path.replace(/.*\/v3\.1/, ''))).toEqual([`/businesses/${BUSINESS}`, '/financial_settings']);
    expect(records).toEqual([
      expect.objectContaining({
        remoteId: BUSINESS,
        fields: {
          name: fake.business(BUSINESS).name,
          legal_name: null,
          tax_number: 'GB999999973',
          fiscal_year_end_month: 12,
          fiscal_year_end_day: 31,
          currency: 'GBP',
          urls: ['https://www.example.co.uk'],
          country: 'GB',
        },
      }),
    ]);
  });

  it('reads analysis types and their categories as tracking categories, a deactivated type as archived', async () => {
    await start();
    fake.analysisTypes(BUSINESS);
    clock += 60_000;
    const full = await readAll((page) => sageTrackingCategoryReader.list(context(), page));
    const types = fake.analysisTypes(BUSINESS);
    const categories = fake.analysisTypeCategories(BUSINESS);
    expect(full.records).toHaveLength(types.length + categories.length);
    const department = types.find((t) => t.name === 'Department');
    expect(full.records.find((r) => r.remoteId === department?.id)?.fields).toEqual({
      name: 'Department',
      status: 'Active',
      category_type: 'Department',
      parent_remote_id: null,
    });
    const first = categories.find((c) => c.analysis_type.id === department?.id);
    expect(full.records.find((r) => r.remoteId === first?.id)?.fields).toEqual({
      name: 'Department 1',
      status: 'Active',
      category_type: 'Department',
      parent_remote_id: department?.id,
    });
    clock += 60_000;
    const put = await fetch(`${server.baseUrls.sage}/v3.1/analysis_types/${department?.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${context().accessToken}`, 'x-business': BUSINESS, 'content-type': 'application/json' },
      body: JSON.stringify({ analysis_type: { active_areas: [] } }),
    });
    expect(put.status).toBe(200);
    const changed = await readAll(
      (page) => sageTrackingCategoryReader.changes?.(context(), full.last?.watermark ?? '', page) ?? Promise.reject(),
    );
    expect(changed.records).toEqual([
      expect.objectContaining({
        remoteId: department?.id,
        fields: expect.objectContaining({ status: 'Archived' }),
        removed: { kind: 'archived', at: '2025-06-01T09:02:00Z' },
      }),
    ]);
  });
});

describe('Sage pulls: failures classified as for a push', () => {
  const readers: [string, PullHandler<unknown>][] = [
    ['accounts', sageAccountReader as PullHandler<unknown>],
    ['tax rates', sageTaxRateReader as PullHandler<unknown>],
    ['tracking categories', sageTrackingCategoryReader as PullHandler<unknown>],
    ['company info', sageCompanyInfoReader as PullHandler<unknown>],
  ];

  it.each(readers)('%s: 429 waits, 5xx and a dropped connection retry, 401 refreshes', async (_name, reader) => {
    await start();
    const outcomes: unknown[] = [];
    for (const status of [429, 500, 503] as const) {
      fake.injectFault({ kind: 'status', status });
      outcomes.push(await reader.list(context(), null).catch((e: unknown) => e));
    }
    fake.injectFault({ kind: 'reset' });
    outcomes.push(await reader.list(context(), null).catch((e: unknown) => e));
    const expired = context();
    fake.expireAccessTokens(BUSINESS);
    outcomes.push(await reader.list(expired, null).catch((e: unknown) => e));
    expect(outcomes.map((e) => [(e as Error).name, (e as { transient?: boolean }).transient])).toEqual([
      ['RateLimited', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['ProviderUnavailable', true],
      ['CredentialsExpired', false],
    ]);
    expect(outcomes[0]).toMatchObject({ retryAfterMs: 60_000 });
  });
});
