import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, REALM, faultOf, harness } from './test-support.js';
import type { Harness } from './test-support.js';

let h: Harness;

type Row = { Id: string; Name: string };
type QueryBody = { QueryResponse: { Account?: Row[]; startPosition?: number; maxResults?: number; totalCount?: number }; time: string };

async function run(text: string): Promise<QueryBody> {
  const response = await h.query(text);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as QueryBody;
}

async function names(text: string): Promise<string[]> {
  return ((await run(text)).QueryResponse.Account ?? []).map((row) => row.Name);
}

beforeAll(async () => {
  h = await harness();
  const seed = [
    { Name: 'Office Supplies', AccountType: 'Expense', AcctNum: '6100' },
    { Name: 'Office Rent', AccountType: 'Expense', AcctNum: '6200' },
    { Name: "Owner's Draw", AccountType: 'Equity', AcctNum: '3100' },
    { Name: 'Business Checking', AccountType: 'Bank', AccountSubType: 'Checking', AcctNum: '1000' },
    { Name: 'Payroll Checking', AccountType: 'Bank', AccountSubType: 'Checking' },
  ];
  for (const body of seed) expect((await h.create(body)).statusCode).toBe(200);
  expect((await h.create({ Name: 'Paper', AccountType: 'Expense', ParentRef: { value: '1' } })).statusCode).toBe(200);
  // Id 7, made inactive as the customer would (no create makes an inactive account).
  expect((await h.create({ Name: 'Old Rent', AccountType: 'Expense' })).statusCode).toBe(200);
  h.fake.deactivateAccount(REALM, '7');
});
afterAll(async () => {
  await h.close();
});

describe('query language', () => {
  it('selects everything, in name order by default, with the page metadata', async () => {
    const body = await run('select * from Account');
    expect(body.QueryResponse.startPosition).toBe(1);
    expect(body.QueryResponse.maxResults).toBe(6);
    expect(body.QueryResponse.Account?.map((row) => row.Name)).toEqual([
      'Business Checking',
      'Office Rent',
      'Office Supplies',
      'Paper',
      "Owner's Draw",
      'Payroll Checking',
    ]);
  });

  it('counts', async () => {
    expect((await run('SELECT COUNT(*) FROM Account')).QueryResponse).toEqual({ totalCount: 6 });
    expect((await run("select count(*) from Account where Name like 'Office%'")).QueryResponse).toEqual({ totalCount: 2 });
  });

  it('filters with = on Name (exactly), AcctNum and Id', async () => {
    expect(await names("select * from Account where Name = 'Office Rent'")).toEqual(['Office Rent']);
    expect(await names("select * from Account where Name = 'office rent'")).toEqual([]);
    expect(await names("select * from Account where AcctNum = '1000'")).toEqual(['Business Checking']);
    expect(await names("select * from Account where Id = '3'")).toEqual(["Owner's Draw"]);
  });

  it('answers inactive accounts only to a query that filters on Active', async () => {
    expect(await names("select * from Account where Name = 'Old Rent'")).toEqual([]);
    expect(await names("select * from Account where Name = 'Old Rent' and Active in (true, false)")).toEqual(['Old Rent']);
    expect(await names('select * from Account where Active = false')).toEqual(['Old Rent']);
    expect(await names('select * from Account where Active = true')).toHaveLength(6);
    expect((await run('select count(*) from Account where Active in (true, false)')).QueryResponse).toEqual({ totalCount: 7 });
  });

  it('matches LIKE prefixes, suffixes and substrings', async () => {
    expect(await names("select * from Account where Name like 'Office%'")).toEqual(['Office Rent', 'Office Supplies']);
    expect(await names("select * from Account where Name like '%Checking'")).toEqual(['Business Checking', 'Payroll Checking']);
    expect(await names("select * from Account where Name LIKE '%ent%'")).toEqual(['Office Rent']);
    expect(await names("select * from Account where Name like 'Office'")).toEqual([]);
  });

  it('unescapes \\\' inside strings', async () => {
    expect(await names("select * from Account where Name = 'Owner\\'s Draw'")).toEqual(["Owner's Draw"]);
  });

  it('joins conditions with AND, and supports IN and comparisons', async () => {
    expect(await names("select * from Account where Name like '%Checking' and AcctNum = '1000'")).toEqual(['Business Checking']);
    expect(await names("select * from Account where AccountType = 'Expense' AND Active = true")).toEqual(['Office Rent', 'Office Supplies', 'Paper']);
    expect(await names("select * from Account where Id in ('1', '3')")).toEqual(['Office Supplies', "Owner's Draw"]);
    expect(await names("select * from Account where Id > '4'")).toEqual(['Paper', 'Payroll Checking']);
    expect(await names('select * from Account where SubAccount = true')).toEqual(['Paper']);
    expect(await names("select * from Account where FullyQualifiedName = 'Office Supplies:Paper'")).toEqual(['Paper']);
  });

  it('orders by Name or Id, ascending or descending', async () => {
    expect(await names('select * from Account orderby Id')).toEqual(['Office Supplies', 'Office Rent', "Owner's Draw", 'Business Checking', 'Payroll Checking', 'Paper']);
    expect((await names('select * from Account order by Id desc'))[0]).toBe('Paper');
    expect(await names("select * from Account where Name like 'O%' orderby Name desc")).toEqual(["Owner's Draw", 'Office Supplies', 'Office Rent']);
  });

  it('pages with startposition and maxresults', async () => {
    const page = await run('select * from Account orderby Id startposition 2 maxresults 2');
    expect(page.QueryResponse.Account?.map((row) => row.Id)).toEqual(['2', '3']);
    expect(page.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 2 });
    const last = await run('select * from Account orderby Id STARTPOSITION 5 MAXRESULTS 10');
    expect(last.QueryResponse).toMatchObject({ startPosition: 5, maxResults: 2 });
    expect((await run('select * from Account startposition 7')).QueryResponse).toEqual({});
  });

  it('answers an empty QueryResponse object when nothing matches', async () => {
    const body = await run("select * from Account where Name = 'Nothing'");
    expect(body.QueryResponse).toEqual({});
    expect(body.time).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}-07:00$/);
  });

  it('answers 4000 to what it cannot parse', async () => {
    for (const text of ['selec * from Account', 'select * from Account where', "select * from Account where Name = 'open", 'select * from Account where Name != 1', 'select * from Account maxresults x', '']) {
      const response = await h.query(text);
      expect(response.statusCode, text).toBe(400);
      expect(faultOf(response), text).toMatchObject({ code: '4000', Message: 'Error parsing query', type: 'ValidationFault' });
      expect(faultOf(response).Detail).toMatch(/^QueryParserError: /);
    }
  });

  it('answers 4001 to an unknown property or another entity', async () => {
    const property = await h.query("select * from Account where Colour = 'red'");
    expect(faultOf(property)).toMatchObject({ code: '4001', Message: 'Invalid query', Detail: "QueryValidationError: property 'Colour' is not queryable" });
    const entity = await h.query('select * from Customer');
    expect(faultOf(entity).code).toBe('4001');
  });

  it('takes the query as an application/text POST body too', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `${PREFIX}/v3/company/${REALM}/query?minorversion=75`,
      headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: 'application/json', 'content-type': 'application/text' },
      payload: "select * from Account where Name = 'Paper'",
    });
    expect(response.statusCode).toBe(200);
    expect((response.json() as QueryBody).QueryResponse.Account?.map((row) => row.Name)).toEqual(['Paper']);
  });
});
