import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHART } from './books/default-chart.js';
import { PREFIX, REALM, faultOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

// Every realm starts with the books QuickBooks makes for a new company (books: 'default').
let h: Harness;
beforeEach(async () => {
  h = await harness({ books: 'default' });
});
afterEach(async () => {
  await h.close();
});

const get = (path: string) =>
  h.app.inject({ method: 'GET', url: `${PREFIX}/v3/company/${REALM}${path}`, headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: 'application/json' } });
const query = async (text: string) => (await h.query(text)).json() as { QueryResponse: Record<string, unknown> };

describe('default books', () => {
  it('a new realm holds the default chart, Ids from 1, with times and SyncTokens; pushed accounts come after it', async () => {
    const rows = (await query('select * from Account where Active in (true, false) orderby Id maxresults 1000')).QueryResponse.Account as Record<string, unknown>[];
    expect(rows.map((row) => row.Name)).toEqual(DEFAULT_CHART.map((entry) => entry.Name));
    expect(rows[0]).toMatchObject({ Id: '1', SyncToken: '0', Classification: 'Asset', AccountType: 'Accounts Receivable', CurrencyRef: { value: 'USD' } });
    expect(rows.find((row) => row.Name === 'Gas & Fuel')).toMatchObject({ SubAccount: true, FullyQualifiedName: 'Car & Truck:Gas & Fuel' });
    expect(rows[0]?.MetaData).toMatchObject({ CreateTime: '2025-06-01T12:00:00-07:00' });
    const created = (await h.create({ Name: 'Petty Cash Box', AccountType: 'Bank' })).json() as { Account: { Id: string } };
    expect(created.Account.Id).toBe(String(DEFAULT_CHART.length + 1));
  });

  it('serves company info at /companyinfo/{realmId}, the home currency in Preferences', async () => {
    const info = await get(`/companyinfo/${REALM}`);
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ CompanyInfo: { Id: '1', Country: 'US', FiscalYearStartMonth: 'January', CompanyName: 'Sandbox Company_US_1' } });
    expect((await get('/companyinfo/1')).statusCode).toBe(400);
    expect((await get('/preferences')).json()).toMatchObject({ Preferences: { CurrencyPrefs: { HomeCurrency: { value: 'USD' } } } });
    expect((await query('select * from CompanyInfo')).QueryResponse.CompanyInfo).toEqual([expect.objectContaining({ Country: 'US' })]);
  });

  it('serves tax rates, classes and departments by query and by Id', async () => {
    expect((await query('select * from TaxRate')).QueryResponse.TaxRate).toEqual([
      expect.objectContaining({ Name: 'California', RateValue: 7.25, Active: true, SyncToken: '0' }),
      expect.objectContaining({ Name: 'San Francisco City', RateValue: 1.375 }),
    ]);
    expect((await get('/class/3')).json()).toMatchObject({ Class: { Name: 'Online', SubClass: true, ParentRef: { value: '1' }, FullyQualifiedName: 'Retail:Online' } });
    expect(((await query('select * from Department')).QueryResponse.Department as unknown[]).length).toBe(2);
  });

  it('an empty realm on request (books: empty) holds no account', async () => {
    const empty = await harness();
    expect(empty.fake.accounts(REALM)).toEqual([]);
    await empty.close();
  });
});

describe('updates through the API', () => {
  it('a sparse update changes only what it sends; a stale SyncToken is 5010; inactive accounts take only reactivation', async () => {
    const update = (body: unknown) => h.create(body);
    const travel = h.fake.accounts(REALM).find((a) => a.Name === 'Travel');
    h.advance(60_000);
    const renamed = await update({ Id: travel?.Id, SyncToken: '0', sparse: true, Name: 'Travel & Lodging' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ Account: { Name: 'Travel & Lodging', SyncToken: '1', AccountSubType: 'Travel', MetaData: { LastUpdatedTime: '2025-06-01T12:01:00-07:00' } } });
    expect(faultOf(await update({ Id: travel?.Id, SyncToken: '0', sparse: true, Description: 'x' })).code).toBe('5010');
    expect(faultOf(await update({ Id: travel?.Id, SyncToken: '1', Description: 'full update without Name' })).code).toBe('2020');
    expect((await update({ Id: travel?.Id, SyncToken: '1', sparse: true, Active: false })).statusCode).toBe(200);
    expect(faultOf(await update({ Id: travel?.Id, SyncToken: '2', sparse: true, Description: 'x' })).code).toBe('6000');
    expect((await update({ Id: travel?.Id, SyncToken: '2', sparse: true, Active: true })).json()).toMatchObject({ Account: { Active: true, SyncToken: '3' } });
  });

  it('refuses what QuickBooks refuses: a deleted account, an inactive Undeposited Funds, a Class deletion', async () => {
    const funds = h.fake.accounts(REALM).find((a) => a.Name === 'Undeposited Funds');
    expect(faultOf(await h.create({ Id: funds?.Id, SyncToken: '0', sparse: true, Active: false })).code).toBe('6000');
    const remove = (entity: string, body: unknown) =>
      h.app.inject({
        method: 'POST',
        url: `${PREFIX}/v3/company/${REALM}/${entity}?operation=delete&minorversion=75`,
        headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: 'application/json', 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    expect(faultOf(await remove('account', { Id: '1', SyncToken: '0' })).Message).toBe('Unsupported Operation');
    expect(faultOf(await remove('class', { Id: '1', SyncToken: '0' })).Message).toBe('Unsupported Operation');
  });

  it('seeds a large chart at once, paged by Id as a slice', async () => {
    h.fake.seedAccounts(REALM, 100_000);
    const page = (await query('select * from Account where Active in (true, false) orderby Id startposition 99001 maxresults 5000')).QueryResponse;
    expect(page).toMatchObject({ startPosition: 99001, maxResults: 1000 });
    expect((page.Account as { Id: string }[]).map((a) => Number(a.Id))).toEqual(Array.from({ length: 1000 }, (_, i) => 99001 + i));
  });
});
