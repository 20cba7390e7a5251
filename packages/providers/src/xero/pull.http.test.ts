import type { XeroFakeOptions } from '@ledgersync/fake-providers';
import { describe, expect, it } from 'vitest';
import { CredentialsExpired, ProviderUnavailable, RateLimited } from '../errors.js';
import { findPullCapabilities, findPullHandler, pulledObjectsOf } from '../registry.js';
import type { PullContext, PulledRecord } from '../types.js';
import { xeroAccountsPull } from './accounts-pull.js';
import { MINUTE_QUOTA_PAUSE_MS } from './client.js';
import { xeroCompanyInfoPull } from './company-info.js';
import { WATERMARK_MARGIN_MS } from './pull.js';
import { xeroTaxRatesPull } from './tax-rates.js';
import { PREFIX, START, startXeroServer, TENANT, type XeroTestServer } from './test-support.js';
import { xeroTrackingCategoriesPull } from './tracking-categories.js';

const MINUTE = 60_000;

interface XeroServer extends XeroTestServer {
  context: PullContext;
  /** A request to the fake's own API, as someone changing the books in Xero would make it. */
  xeroApi(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Response>;
}

async function startXero(options: Omit<XeroFakeOptions, 'secret' | 'now'> = {}): Promise<XeroServer> {
  const server = await startXeroServer(options);
  return {
    ...server,
    context: { baseUrl: server.baseUrl, tenantId: TENANT, accessToken: server.accessToken, timeoutMs: 5_000 },
    xeroApi: (method, path, body) =>
      fetch(`${server.baseUrl}/api.xro/2.0${path}`, {
        method,
        headers: {
          authorization: `Bearer ${server.accessToken}`,
          'xero-tenant-id': TENANT,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
  };
}

function byId<F>(records: PulledRecord<F>[]): Map<string, PulledRecord<F>> {
  return new Map(records.map((r) => [r.remoteId, r]));
}

describe('the Xero readers in the registry', () => {
  it('reads company info first, then accounts, tax rates and tracking categories; only accounts incrementally', () => {
    expect(pulledObjectsOf('xero')).toEqual(['companyinfo', 'account', 'taxrate', 'trackingcategory']);
    expect(findPullHandler('xero', 'account')).toBe(xeroAccountsPull);
    expect(findPullCapabilities('xero', 'account')).toMatchObject({ changes: 'modified-since', removal: ['archived', 'deleted'] });
    for (const object of ['companyinfo', 'taxrate', 'trackingcategory'] as const) {
      expect(findPullCapabilities('xero', object)?.changes).toBe('none');
      expect(findPullHandler('xero', object)?.changes).toBeUndefined();
    }
  });
});

describe('a full pull of the default books', () => {
  it('lands the whole chart in one request, with remote ids, unified fields and Xero’s time as the watermark', async () => {
    const xero = await startXero();
    const page = await xeroAccountsPull.list(xero.context, null);
    const chart = xero.fake.chart(TENANT);
    expect(page.next).toBeNull();
    expect(page.skipped).toEqual([]);
    expect(page.records.map((r) => r.remoteId)).toEqual(chart.map((a) => a.AccountID));
    const records = byId(page.records);
    const code = (c: string) => records.get(chart.find((a) => a.Code === c)?.AccountID ?? '');
    expect(code('400')).toMatchObject({
      fields: {
        name: 'Advertising',
        description: null,
        classification: 'Expense',
        type: 'Overhead',
        status: 'Active',
        currency: null,
        account_number: '400',
        parent_remote_id: null,
      },
      remoteUpdatedAt: '2025-06-01T19:00:00.000Z',
    });
    expect(code('400')).not.toHaveProperty('removed');
    expect(code('090')?.fields).toMatchObject({ name: 'Business Bank Account', type: 'Bank', classification: 'Asset', currency: 'NZD' });
    expect(code('610')?.fields).toMatchObject({ name: 'Accounts Receivable', type: 'Current Asset' });
    expect(code('960')?.fields).toMatchObject({ type: 'Equity', classification: 'Equity' });
    expect(code('200')?.remoteData).toMatchObject({ Code: '200', TaxType: 'OUTPUT2' });
    expect(page.watermark).toBe(new Date(START - WATERMARK_MARGIN_MS).toISOString());
    expect(xero.fake.requests.map((r) => [r.method, r.path, r.headers['if-modified-since']])).toEqual([
      ['GET', `${PREFIX}/api.xro/2.0/Accounts`, undefined],
    ]);
  });

  it('reads the organisation as company info', async () => {
    const xero = await startXero();
    const page = await xeroCompanyInfoPull.list(xero.context, null);
    expect(page.next).toBeNull();
    expect(page.records).toEqual([
      {
        remoteId: TENANT,
        fields: {
          name: 'Ledgersync Sandbox Company',
          legal_name: 'Ledgersync Sandbox Company Limited',
          tax_number: '071-138-054',
          fiscal_year_end_month: 3,
          fiscal_year_end_day: 31,
          currency: 'NZD',
          urls: [expect.stringMatching(/^https:\/\/.+\.example\.com$/)],
          country: 'NZ',
        },
        remoteData: expect.objectContaining({ OrganisationID: TENANT, Version: 'NZ' }),
        remoteCreatedAt: '2025-06-01T19:00:00.000Z',
      },
    ]);
  });

  it('reads tax rates in basis points, exactly, keyed by TaxType; an archived rate is reported', async () => {
    const xero = await startXero();
    xero.fake.changeTaxRate(TENANT, 'INPUT2', { DisplayTaxRate: 8.875, EffectiveRate: 8.875 });
    xero.fake.changeTaxRate(TENANT, 'ZERORATED', { Status: 'ARCHIVED' });
    const page = await xeroTaxRatesPull.list(xero.context, null);
    const rates = byId(page.records);
    expect([...rates.keys()]).toEqual(['INPUT2', 'OUTPUT2', 'GSTONIMPORTS', 'NONE', 'ZERORATED']);
    expect(rates.get('OUTPUT2')?.fields).toEqual({ description: '15% GST on Income', total_tax_ratge: '1500', effective_tax_rate: '1500' });
    expect(rates.get('INPUT2')?.fields).toMatchObject({ total_tax_ratge: '887.5', effective_tax_rate: '887.5' });
    expect(rates.get('NONE')?.fields.total_tax_ratge).toBe('0');
    expect(rates.get('ZERORATED')?.removed).toEqual({ kind: 'archived' });
    expect(rates.get('OUTPUT2')).not.toHaveProperty('removed');
  });

  it('reads each tracking category and each option as a record, archived ones included', async () => {
    const xero = await startXero();
    const [region, department] = xero.fake.trackingCategories(TENANT);
    const north = region?.Options.find((o) => o.Name === 'North');
    const archived = await xero.xeroApi('POST', `/TrackingCategories/${region?.TrackingCategoryID}/Options/${north?.TrackingOptionID}`, {
      Status: 'ARCHIVED',
    });
    expect(archived.status).toBe(200);
    const page = await xeroTrackingCategoriesPull.list(xero.context, null);
    expect(page.records).toHaveLength(2 + 6);
    const records = byId(page.records);
    expect(records.get(region?.TrackingCategoryID ?? '')?.fields).toEqual({
      name: 'Region',
      status: 'Active',
      category_type: 'Region',
      parent_remote_id: null,
    });
    expect(records.get(north?.TrackingOptionID ?? '')).toMatchObject({
      fields: { name: 'North', status: 'Archived', category_type: 'Region', parent_remote_id: region?.TrackingCategoryID },
      removed: { kind: 'archived' },
    });
    const sales = department?.Options.find((o) => o.Name === 'Sales');
    expect(records.get(sales?.TrackingOptionID ?? '')?.fields).toEqual({
      name: 'Sales',
      status: 'Active',
      category_type: 'Department',
      parent_remote_id: department?.TrackingCategoryID,
    });
    expect(xero.fake.requests.at(-1)?.query).toEqual({ includeArchived: 'true' });
  });
});

describe('changes made at Xero', () => {
  it('shows a change and an archive in the next incremental read, and a deletion in the next full pull', async () => {
    const xero = await startXero();
    const chart = xero.fake.chart(TENANT);
    const id = (code: string) => chart.find((a) => a.Code === code)?.AccountID ?? '';
    xero.advance(5 * MINUTE);
    const full = await xeroAccountsPull.list(xero.context, null);
    expect(full.watermark).toBe(new Date(xero.now() - WATERMARK_MARGIN_MS).toISOString());

    xero.advance(2 * MINUTE);
    expect((await xero.xeroApi('POST', `/Accounts/${id('404')}`, { Name: 'Bank Charges', Code: '405' })).status).toBe(200);
    expect((await xero.xeroApi('POST', `/Accounts/${id('408')}`, { Status: 'ARCHIVED' })).status).toBe(200);
    const deleted = await xero.xeroApi('DELETE', `/Accounts/${id('469')}`);
    expect(((await deleted.json()) as { Accounts: { Status: string }[] }).Accounts[0]?.Status).toBe('DELETED');

    const changes = await xeroAccountsPull.changes?.(xero.context, full.watermark ?? '', null);
    expect(changes?.records.map((r) => r.remoteId)).toEqual([id('404'), id('408')]);
    expect(changes?.records[0]).toMatchObject({ fields: { name: 'Bank Charges', account_number: '405', status: 'Active' } });
    expect(changes?.records[1]).toMatchObject({
      fields: { status: 'Inactive' },
      removed: { kind: 'archived', at: new Date(xero.now()).toISOString() },
    });
    expect(changes?.next).toBeNull();
    expect(xero.fake.requests.at(-1)?.headers['if-modified-since']).toBe(new Date(START + 4 * MINUTE).toISOString().replace('.000Z', 'Z'));

    // Xero lists a deleted account no more: the next full pull is what the pipeline diffs.
    xero.advance(2 * MINUTE);
    const next = await xeroAccountsPull.list(xero.context, null);
    expect(next.records.map((r) => r.remoteId)).not.toContain(id('469'));
    expect(next.records).toHaveLength(chart.length - 1);

    // Nothing changed since: an empty page, and a watermark that moves on.
    xero.advance(3 * MINUTE);
    const quiet = await xeroAccountsPull.changes?.(xero.context, next.watermark ?? '', null);
    expect(quiet?.records).toEqual([]);
    expect(quiet?.watermark).toBe(new Date(xero.now() - WATERMARK_MARGIN_MS).toISOString());
  });

  it('lists an account ledgersync pushed like any other', async () => {
    const xero = await startXero();
    const put = await fetch(`${xero.context.baseUrl}/api.xro/2.0/Accounts`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${xero.context.accessToken}`,
        'xero-tenant-id': TENANT,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ Code: '4242', Name: 'Pushed', Type: 'SALES' }),
    });
    const pushed = ((await put.json()) as { Accounts: { AccountID: string }[] }).Accounts[0]?.AccountID;
    const page = await xeroAccountsPull.list(xero.context, null);
    expect(page.records.find((r) => r.remoteId === pushed)?.fields).toMatchObject({ name: 'Pushed', type: 'Sales', account_number: '4242' });
  });
});

describe('limits and failures, as for a push', () => {
  it('reports the minute quota the answer says is spent, then answers the 429 RateLimited with its Retry-After', async () => {
    const xero = await startXero({ requestsPerMinute: 1 });
    const first = await xeroTaxRatesPull.list(xero.context, null);
    expect(first.quotaPauseMs).toBe(MINUTE_QUOTA_PAUSE_MS);
    expect(first.records).toHaveLength(5);
    xero.advance(15_000);
    const throttled = await xeroAccountsPull.list(xero.context, null).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(RateLimited);
    expect(throttled).toMatchObject({ status: 429, providerCode: 'minute', retryAfterMs: 45_000, scope: 'connection' });
  });

  it("reports the app's spent minute as a pause of every connection", async () => {
    const xero = await startXero({ appRequestsPerMinute: 1 });
    const page = await xeroCompanyInfoPull.list(xero.context, null);
    expect(page).toMatchObject({ appQuotaPauseMs: MINUTE_QUOTA_PAUSE_MS });
    expect(page.quotaPauseMs).toBeUndefined();
  });

  it('answers CredentialsExpired to a refused token and ProviderUnavailable to a 5xx, without a key’s wait', async () => {
    const xero = await startXero();
    xero.fake.injectFault({ kind: 'status', status: 500 });
    const failed = await xeroTrackingCategoriesPull.list(xero.context, null).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ProviderUnavailable);
    expect((failed as ProviderUnavailable).retryAfterMs).toBeUndefined();
    xero.fake.expireAccessTokens(TENANT);
    expect(await xeroAccountsPull.list(xero.context, null).catch((error: unknown) => error)).toBeInstanceOf(CredentialsExpired);
  });
});
