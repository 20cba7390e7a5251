import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountsBody, accountOf, type Harness, harness, TENANT, validationMessages } from '../test-support.js';

// Out-of-band changes through Xero's own API: updateAccount (details), deleteAccount, If-Modified-Since.
let h: Harness;
beforeEach(async () => {
  h = await harness({ books: 'default' });
});
afterEach(async () => {
  await h.close();
});

const update = (id: string, body: unknown) => h.api('POST', `/Accounts/${id}`, body);
const remove = (id: string) => h.api('DELETE', `/Accounts/${id}`);
const byCode = (code: string) => {
  const account = h.fake.chart(TENANT).find((a) => a.Code === code);
  if (!account) throw new Error(`no account ${code}`);
  return account;
};
const codes = async (ifModifiedSince?: string) =>
  ((await h.list({}, ifModifiedSince ? { headers: { 'if-modified-since': ifModifiedSince } } : {})).json() as AccountsBody).Accounts.map(
    (a) => a.Code,
  );

describe('POST /Accounts/{AccountID}: details', () => {
  it('updates Code, Name, Type and Description, Class following the Type, UpdatedDateUTC now', async () => {
    const advertising = byCode('400');
    h.advance(5_000);
    const updated = await update(advertising.AccountID, { Code: '401', Name: 'Marketing', Type: 'EXPENSE', Description: 'All of it' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(accountOf(updated)).toEqual({
      ...advertising,
      Code: '401',
      Name: 'Marketing',
      Type: 'EXPENSE',
      Class: 'EXPENSE',
      Description: 'All of it',
      UpdatedDateUTC: `/Date(${h.now()}+0000)/`,
    });
    // Its place in the chart is kept; the old Code is free again.
    expect(h.fake.chart(TENANT).findIndex((a) => a.AccountID === advertising.AccountID)).toBe(6);
    expect((await h.create({ Code: '400', Name: 'Advertising', Type: 'OVERHEADS' })).statusCode).toBe(200);
  });

  it('keeps the rules: unique Code and Name, no BANK, no details with a Status, nothing on an ARCHIVED account', async () => {
    const cleaning = byCode('408');
    expect(validationMessages(await update(cleaning.AccountID, { Code: '404' }))).toEqual(['Please enter a unique Code.']);
    expect(validationMessages(await update(cleaning.AccountID, { Name: 'bank fees' }))).toEqual(['Please enter a unique Name.']);
    expect((await update(cleaning.AccountID, { Name: 'Cleaning', Code: '408' })).statusCode).toBe(200);
    expect(validationMessages(await update(cleaning.AccountID, { Name: 'Tidy', Status: 'ARCHIVED' }))).toEqual([
      'Cannot update account details and STATUS on the same request',
    ]);
    expect(validationMessages(await update(byCode('090').AccountID, { Name: 'Cheque' }))).toEqual(['Accounts of type BANK cannot be updated.']);
    expect(validationMessages(await update(cleaning.AccountID, { Type: 'BANK' }))).toEqual(['An account cannot be updated to Type BANK.']);
    expect(validationMessages(await update(byCode('610').AccountID, { Type: 'FIXED' }))).toEqual([
      'The Type of a system account cannot be changed.',
    ]);
    expect(validationMessages(await update(byCode('610').AccountID, { Status: 'ARCHIVED' }))).toEqual(['System accounts cannot be archived.']);
    expect((await update(cleaning.AccountID, { Status: 'ARCHIVED' })).statusCode).toBe(200);
    expect(validationMessages(await update(cleaning.AccountID, { Name: 'Tidy' }))).toEqual(['An ARCHIVED account cannot be updated.']);
    expect(byCode('408')).toMatchObject({ Name: 'Cleaning', Status: 'ARCHIVED' });
  });
});

describe('DELETE /Accounts/{AccountID}', () => {
  it('answers the account DELETED, then lists and reads it no more', async () => {
    const rent = byCode('469');
    h.advance(2_000);
    const deleted = await remove(rent.AccountID);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(accountOf(deleted)).toEqual({ ...rent, Status: 'DELETED', UpdatedDateUTC: `/Date(${h.now()}+0000)/` });
    expect(await codes()).not.toContain('469');
    expect((await h.read(rent.AccountID)).statusCode).toBe(404);
    expect((await remove(rent.AccountID)).statusCode).toBe(404);
  });

  it('refuses a system account and one a transaction uses', async () => {
    expect(validationMessages(await remove(byCode('800').AccountID))).toEqual(['System accounts cannot be deleted.']);
    h.fake.useAccount(TENANT, byCode('429').AccountID);
    expect(validationMessages(await remove(byCode('429').AccountID))).toEqual([
      'This account cannot be deleted as it has been used in transactions. You can archive it instead.',
    ]);
    expect(await codes()).toEqual(expect.arrayContaining(['800', '429']));
  });
});

describe('GET /Accounts with If-Modified-Since', () => {
  it('answers what changed in a later second, archives included, nothing when nothing changed', async () => {
    // The organisation's books are made when it is first seen: now, a minute before the changes.
    h.fake.chart(TENANT);
    h.advance(60_000);
    const since = new Date(h.now()).toISOString();
    expect(await codes(since)).toEqual([]);
    // Within the same second as the timestamp: not "since" it, to the second.
    h.advance(400);
    await update(byCode('404').AccountID, { Name: 'Bank Charges' });
    expect(await codes(since)).toEqual([]);
    h.advance(1_000);
    await update(byCode('408').AccountID, { Status: 'ARCHIVED' });
    await h.create({ Code: '4100', Name: 'Online Sales', Type: 'SALES' });
    expect(await codes(since)).toEqual(['408', '4100']);
    expect(await codes(new Date(h.now() - 2_000).toUTCString())).toEqual(['404', '408', '4100']);
  });
});
