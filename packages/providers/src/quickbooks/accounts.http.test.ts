import { type QuickbooksFake, type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import { EXAMPLE_NORMALIZED_ACCOUNT, type NormalizedAccount } from '@ledgersync/unified';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderRejected, ProviderUnavailable } from '../errors.js';
import { pushContext } from '../test-support.js';
import type { PushContext } from '../types.js';
import { quickbooksAccounts } from './accounts.js';
import { queryLiteral } from './lookup.js';

// The adapter against the QuickBooks fake over HTTP: the lookup before a re-send and the adoption
// after a 6240, in a realm that replays a requestid (Intuit's documentation) and in one that does
// not (the behaviour reported for name lists).
const REALM = '9130350000000101';
const SEED: NormalizedAccount = { ...EXAMPLE_NORMALIZED_ACCOUNT, parent_account: null };

let server: RunningFakeProviders;
let fake: QuickbooksFake;
let accessToken: string;
beforeAll(async () => {
  // Realms start empty: these tests count the accounts they push.
  server = await startFakeProviders({ secret: 'quickbooks-adapter-test-secret', quickbooks: { books: 'empty' } });
  fake = server.quickbooks;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
  accessToken = fake.mintTokens(REALM).access_token;
});

const context = (overrides: Partial<PushContext> = {}) =>
  pushContext({ baseUrl: server.baseUrls.quickbooks, tenantId: REALM, accessToken }, overrides);

const find = (account: NormalizedAccount, push: PushContext) => {
  if (!quickbooksAccounts.find) throw new Error('the QuickBooks adapter must look accounts up before a re-send');
  return quickbooksAccounts.find(account, push);
};

/** A create whose answer is lost after QuickBooks made the account. */
async function lostCreate(account: NormalizedAccount, push: PushContext) {
  fake.injectFault({ kind: 'commit-then-reset' });
  await expect(quickbooksAccounts.create(account, push)).rejects.toBeInstanceOf(ProviderUnavailable);
  return fake.accounts(REALM).find((a) => a.Name === account.name);
}

describe('QuickBooks lookup before a re-send (find)', () => {
  it('finds the account a lost create made, through the query API, and reads it back', async () => {
    const push = context();
    const stored = await lostCreate(SEED, push);
    expect(stored).toBeDefined();
    const before = fake.requests.length;

    const found = await find(SEED, push);
    expect(found).toEqual({
      remoteId: stored?.Id,
      remoteData: { Account: stored, time: expect.any(String) },
      fields: expect.objectContaining({ name: 'Cash', type: 'Current Asset', account_number: '1000', status: 'Active', currency: 'USD' }),
    });
    const [query, read] = fake.requests.slice(before);
    expect(query).toMatchObject({
      method: 'GET',
      path: `/sandbox/quickbooks/v3/company/${REALM}/query`,
      query: {
        minorversion: '75',
        query: "select * from Account where Name = 'Cash' and Active in (true, false) startposition 1 maxresults 100",
      },
      status: 200,
    });
    expect(read).toMatchObject({ method: 'GET', path: `/sandbox/quickbooks/v3/company/${REALM}/account/${stored?.Id}`, status: 200 });
    expect(fake.accounts(REALM)).toHaveLength(1);
  });

  it("escapes the name's quotes and backslashes as the query language wants", async () => {
    expect(queryLiteral("Owner's Draw \\ Misc")).toBe("'Owner\\'s Draw \\\\ Misc'");
    const account: NormalizedAccount = { name: "Owner's Draw \\ Misc", type: 'Equity' };
    const push = context();
    const stored = await lostCreate(account, push);
    expect((await find(account, push))?.remoteId).toBe(stored?.Id);
  });

  it('finds a sub-account by its own Name under its parent, and an account made inactive since', async () => {
    const parent = await quickbooksAccounts.create({ name: 'Current Assets', type: 'Current Asset' }, context());
    const push = context({ parentRemoteId: parent.remoteId });
    const stored = await lostCreate(SEED, push);
    expect(stored).toMatchObject({ FullyQualifiedName: 'Current Assets:Cash', ParentRef: { value: parent.remoteId } });
    fake.deactivateAccount(REALM, stored?.Id ?? '');
    expect((await find(SEED, push))?.remoteId).toBe(stored?.Id);
    // The same Name at the top level is not the account this push creates.
    expect(await find(SEED, context())).toBeNull();
  });

  it('adopts nothing that differs from what the push creates, and nothing when there is none', async () => {
    expect(await find(SEED, context())).toBeNull();
    await quickbooksAccounts.create({ name: 'Cash', type: 'Bank', account_number: '1000' }, context());
    // Same Name, another type; then the same type with another number; then another case.
    expect(await find(SEED, context())).toBeNull();
    expect(await find({ name: 'Cash', type: 'Bank', account_number: '1001' }, context())).toBeNull();
    expect(await find({ name: 'CASH', type: 'Bank', account_number: '1000' }, context())).toBeNull();
    expect(await find({ name: 'Cash', type: 'Bank' }, context())).toMatchObject({ fields: { name: 'Cash', type: 'Bank' } });
  });

  it('throws what a failed lookup means: a re-send waits for an answer it can trust', async () => {
    fake.injectFault({ kind: 'status', status: 503 });
    await expect(find(SEED, context())).rejects.toBeInstanceOf(ProviderUnavailable);
  });
});

describe('QuickBooks re-send answered 6240 (the Name is taken)', () => {
  it('adopts the account a lost create made when QuickBooks does not replay the requestid', async () => {
    fake.configureRealm(REALM, { nameListRequestIds: 'ignore' });
    const push = context();
    const stored = await lostCreate(SEED, push);
    const result = await quickbooksAccounts.create(SEED, { ...push, earlierAttempt: true });
    expect(result).toMatchObject({ remoteId: stored?.Id, remoteData: { Account: { Id: stored?.Id } }, fields: { name: 'Cash' } });
    const answers = fake.requests.filter((r) => r.method === 'POST').map((r) => r.status);
    // The re-send was refused as a duplicate; the account named in the Detail was read and matched.
    expect(answers).toEqual([0, 400]);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: expect.stringMatching(new RegExp(`/account/${stored?.Id}$`)) });
    expect(fake.accounts(REALM)).toHaveLength(1);
  });

  it('adopts it after a retry round too, whose requestid is new', async () => {
    const stored = await lostCreate(SEED, context());
    expect((await quickbooksAccounts.create(SEED, context({ earlierAttempt: true })))?.remoteId).toBe(stored?.Id);
  });

  it("keeps the 6240 when the Name's holder is another account, and on a record's first attempt", async () => {
    await quickbooksAccounts.create({ name: 'Cash', type: 'Bank' }, context());
    const resend = context({ earlierAttempt: true });
    const refused = quickbooksAccounts.create(SEED, resend);
    await expect(refused).rejects.toBeInstanceOf(ProviderRejected);
    await expect(refused).rejects.toMatchObject({ providerCode: '6240', message: expect.stringContaining('Id=1') });
    await expect(quickbooksAccounts.create({ name: 'cash', type: 'Bank' }, resend)).rejects.toMatchObject({ providerCode: '6240' });
    // The same account, but nothing of this record was ever sent: the Name is someone else's.
    await expect(quickbooksAccounts.create({ name: 'Cash', type: 'Bank' }, context())).rejects.toMatchObject({ providerCode: '6240' });
  });
});

describe('QuickBooks create-time fields', () => {
  it('sends no inactive account: a stored Inactive one is refused before anything is sent', async () => {
    const before = fake.requests.length;
    await expect(quickbooksAccounts.create({ name: 'Dormant', type: 'Bank', status: 'Inactive' }, context())).rejects.toMatchObject({
      name: 'ProviderRejected',
      message: expect.stringContaining('creates accounts active'),
    });
    expect(fake.requests.length).toBe(before);
  });

  it("fails with QuickBooks' answer on a foreign currency for an expense account, and takes the home one", async () => {
    await expect(quickbooksAccounts.create({ name: 'Euro fees', type: 'Expense', currency: 'EUR' }, context())).rejects.toMatchObject({
      name: 'ProviderRejected',
      providerCode: '6000',
    });
    const home = await quickbooksAccounts.create({ name: 'Fees', type: 'Expense', currency: 'USD' }, context());
    expect(home.fields?.currency).toBe('USD');
  });
});
