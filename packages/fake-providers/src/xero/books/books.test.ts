import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { XERO_SPEC_PATH } from '../spec.js';
import { type AccountsBody, type Harness, harness, START, TENANT } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ books: 'default' });
});
afterEach(async () => {
  await h.close();
});

const get = (path: string, query = '') => h.api('GET', `${path}${query}`);

describe('a new organisation’s default books', () => {
  it('lists the default chart with Xero’s codes, names, types and classes, system accounts marked', async () => {
    const response = await h.list();
    expect(response.statusCode).toBe(200);
    const body = response.json() as AccountsBody;
    expect(body).toMatchObject({ Status: 'OK', DateTimeUTC: `/Date(${START})/` });
    const byCode = new Map(body.Accounts.map((a) => [a.Code, a]));
    expect(byCode.get('090')).toMatchObject({ Name: 'Business Bank Account', Type: 'BANK', Class: 'ASSET', CurrencyCode: 'NZD', Status: 'ACTIVE' });
    expect(byCode.get('200')).toMatchObject({ Name: 'Sales', Type: 'REVENUE', Class: 'REVENUE', TaxType: 'OUTPUT2' });
    expect(byCode.get('400')).toMatchObject({ Name: 'Advertising', Type: 'OVERHEADS', Class: 'EXPENSE', TaxType: 'INPUT2' });
    expect(byCode.get('610')).toMatchObject({ Name: 'Accounts Receivable', SystemAccount: 'DEBTORS' });
    expect(byCode.get('820')).toMatchObject({ Name: 'GST', Type: 'CURRLIAB', SystemAccount: 'GST' });
    expect(byCode.get('400')).not.toHaveProperty('SystemAccount');
    for (const account of body.Accounts) {
      expect(account.AccountID).toMatch(/^[0-9a-f-]{36}$/);
      expect(account.UpdatedDateUTC).toBe(`/Date(${START}+0000)/`);
    }
    // The chart is the organisation's own: what ledgersync created is apart from it.
    expect(h.fake.accounts(TENANT)).toEqual([]);
    expect(h.fake.chart(TENANT)).toEqual(body.Accounts);
    expect(((await h.list({ where: 'SystemAccount=="GST"' })).json() as AccountsBody).Accounts.map((a) => a.Code)).toEqual(['820']);
  });

  it('refuses a create that takes a default account’s Code or Name', async () => {
    const taken = await h.create({ Code: '400', Name: 'Ads', Type: 'EXPENSE' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Please enter a unique Code.');
  });

  it('answers the organisation in a list of one, its id the tenant id', async () => {
    const response = await get('/Organisation');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { Organisations: Record<string, unknown>[] };
    expect(body.Organisations).toHaveLength(1);
    expect(body.Organisations[0]).toMatchObject({
      OrganisationID: TENANT,
      Name: 'Ledgersync Sandbox Company',
      BaseCurrency: 'NZD',
      CountryCode: 'NZ',
      FinancialYearEndDay: 31,
      FinancialYearEndMonth: 3,
      CreatedDateUTC: `/Date(${START})/`,
      ExternalLinks: [{ LinkType: 'Website', Url: expect.stringMatching(/^https:\/\//) }],
    });
  });

  it('gives a New Zealand organisation the tax rates of the OpenAPI document’s getTaxRates example', async () => {
    type Example = { example: { TaxRates: unknown[] } };
    type Spec = { paths: { '/TaxRates': { get: { responses: { '200': { content: { 'application/json': Example } } } } } } };
    const spec = parse(readFileSync(XERO_SPEC_PATH, 'utf8')) as Spec;
    const example = spec.paths['/TaxRates'].get.responses['200'].content['application/json'].example.TaxRates;
    const response = await get('/TaxRates');
    expect(response.statusCode).toBe(200);
    expect((response.json() as { TaxRates: unknown[] }).TaxRates).toEqual(example);
  });

  it('filters tax rates by Status through where, and refuses a where it does not serve', async () => {
    h.fake.changeTaxRate(TENANT, 'ZERORATED', { Status: 'ARCHIVED' });
    const names = async (query: string) => ((await get('/TaxRates', query)).json() as { TaxRates: { Name: string }[] }).TaxRates.map((r) => r.Name);
    expect(await names(`?where=${encodeURIComponent('Status=="ARCHIVED"')}`)).toEqual(['Zero Rated']);
    expect(await names(`?where=${encodeURIComponent('Status!="ARCHIVED"')}&order=Name%20DESC`)).toEqual([
      'No GST',
      'GST on Imports',
      '15% GST on Income',
      '15% GST on Expenses',
    ]);
    const refused = await get('/TaxRates', `?where=${encodeURIComponent('Name=="No GST"')}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ ErrorNumber: 16, Type: 'QueryParseException' });
  });

  it('starts an organisation of another country with its own rates, and refuses one it has no books for', async () => {
    const uk = await harness({ books: 'default', countryCode: 'GB' });
    try {
      const rates = await uk.api('GET', '/TaxRates');
      expect((rates.json() as { TaxRates: { Name: string }[] }).TaxRates.map((r) => r.Name)).toContain('20% (VAT on Income)');
      expect(uk.fake.chart(TENANT).find((a) => a.Code === '820')).toMatchObject({ Name: 'VAT', SystemAccount: 'GST' });
    } finally {
      await uk.close();
    }
    await expect(harness({ countryCode: 'FR' })).rejects.toThrow(/default books for NZ, AU, GB, not FR/);
  });

  it('seeds 100,000 accounts without a request, listed in one answer with the default chart', async () => {
    const before = h.fake.requests.length;
    h.fake.seedAccounts(TENANT, 100_000);
    expect(h.fake.requests.length).toBe(before);
    const chart = h.fake.chart(TENANT);
    expect(chart).toHaveLength(100_000 + 52);
    expect(new Set(chart.map((a) => a.Code)).size).toBe(chart.length);
    expect(chart.at(-1)).toMatchObject({ Code: 'N0100000', Name: 'Seeded account 100000', Status: 'ACTIVE' });
    h.fake.seedAccounts(TENANT, 2);
    expect(h.fake.chart(TENANT).at(-1)?.Code).toBe('N0100002');
  });

  it('starts empty books with no accounts and no tracking categories, but its organisation and tax rates', async () => {
    const empty = await harness();
    try {
      expect(empty.fake.chart(TENANT)).toEqual([]);
      expect(empty.fake.trackingCategories(TENANT)).toEqual([]);
      expect(empty.fake.taxRates(TENANT)).toHaveLength(5);
      expect(empty.fake.organisation(TENANT).OrganisationID).toBe(TENANT);
    } finally {
      await empty.close();
    }
  });
});
