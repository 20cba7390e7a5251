import { applyPulledPage, ensurePullStates, insertAccounts, loadPullState, recordPushSynced } from '@ledgersync/db';
import { accounts, events, webhookDeliveries } from '@ledgersync/db/schema';
import type { PullJob } from '@ledgersync/jobs';
import { CredentialsExpired, ProviderUnavailable, RateLimited } from '@ledgersync/providers';
import { createPullProcessor, type PullOutcome, type WorkerContext } from '@ledgersync/worker';
import { decimal } from '@ledgersync/unified';
import type { Job } from 'bullmq';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBook } from '../support/fake-book.js';
import { type Harness, startHarness } from '../support/harness.js';

// The pull pipeline over a book of the test's own (the providers' real readers and fakes are
// tested with them): pages upserted by remote id, events and deliveries, resume from the stored
// page token after a crash, a 429 or a 5xx, held on refused credentials, skipped records kept.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => h?.close());

const ADDED = ['accounting.account.added', 'accounting.account.updated', 'accounting.account.deleted', 'sync.completed'];

/** A project with a webhook endpoint subscribed to the pull's events, a connection, and the account's pull on the schedule. */
async function setUp() {
  const t = await h.tenant(ADDED);
  await ensurePullStates(h.db, { projectId: t.projectId, connectionId: t.connectionId }, ['account'], new Date());
  return t;
}

function pullWith(book: FakeBook, reader = book.handler()) {
  const context: WorkerContext = {
    ...h.context,
    pullReaders: { handler: (_provider, object) => (object === 'account' ? (reader as never) : undefined) },
  };
  const processor = createPullProcessor(context);
  return (connectionId: string, mode: PullJob['mode'] = 'full', attemptsMade = 0): Promise<PullOutcome> => {
    const job = {
      id: `pull-${connectionId}-account`,
      data: { connection_id: connectionId, object: 'account', mode },
      attemptsMade,
      opts: { attempts: 8 },
      moveToDelayed: async () => {},
    } as unknown as Job<PullJob>;
    return processor(job, 'token');
  };
}

const rowsOf = (connectionId: string) =>
  h.db.select().from(accounts).where(eq(accounts.connectionId, connectionId)).orderBy(asc(accounts.remoteId));

async function eventsOf(projectId: string) {
  const rows = await h.db.select().from(events).where(eq(events.projectId, projectId)).orderBy(asc(events.id));
  return rows.map((row) => ({ type: row.type, recordId: row.recordId, payload: row.payload as Record<string, unknown> }));
}

describe('a full pull', () => {
  it('pages through the whole chart, one request per page, and lands every record once, as pulled and synced, with added events, deliveries and sync.completed', async () => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(7);
    const outcome = await pullWith(book)(t.connectionId);
    expect(outcome).toMatchObject({ outcome: 'pulled', mode: 'full', pages: 3, added: 7, updated: 0, deleted: 0 });
    expect(book.requests.map((r) => r.page)).toEqual([null, '3', '6']);

    const rows = await rowsOf(t.connectionId);
    expect(rows.map((row) => [row.remoteId, row.name, row.accountNumber])).toEqual(
      Array.from({ length: 7 }, (_, i) => [`A00${i + 1}`, `Account ${i + 1}`, String(1001 + i)]),
    );
    for (const row of rows) expect(row).toMatchObject({ direction: 'pull', syncStatus: 'synced', remoteDeletedAt: null });

    const told = await eventsOf(t.projectId);
    expect(told.filter((e) => e.type === 'accounting.account.added')).toHaveLength(7);
    const completed = told.filter((e) => e.type === 'sync.completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]?.payload).toMatchObject({
      connection_id: t.connectionId,
      object: 'account',
      mode: 'full',
      added: 7,
      updated: 0,
      deleted: 0,
    });
    expect(typeof completed[0]?.payload.duration_ms).toBe('number');
    const deliveries = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, t.webhookId));
    expect(deliveries).toHaveLength(8);

    const state = await loadPullState(h.db, t.connectionId, 'account');
    expect(state).toMatchObject({ status: 'idle', pageToken: null, records: 7, watermark: '7', lastError: null });
    expect(state?.nextRunAt?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('tells nothing when nothing changed: a second full pull records no event and no sync.completed', async () => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(4);
    const pull = pullWith(book);
    await pull(t.connectionId);
    const before = await eventsOf(t.projectId);
    expect(await pull(t.connectionId)).toMatchObject({ outcome: 'pulled', added: 0, updated: 0, deleted: 0 });
    expect(await eventsOf(t.projectId)).toEqual(before);
    expect(await rowsOf(t.connectionId)).toHaveLength(4);
  });
});

describe('the upsert by remote id', () => {
  it('keeps an account ledgersync pushed as the same row (same id, origin pushed) and never overwrites one whose push is pending or pushing', async () => {
    const t = await setUp();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    const [pushed, pending] = await insertAccounts(h.db, [
      { scope, record: { name: 'Pushed sales', description: 'said by the client' }, warnings: [] },
      { scope, record: { name: 'Being pushed' }, warnings: [] },
    ]);
    if (!pushed || !pending) throw new Error('insert');
    await h.db
      .update(accounts)
      .set({ syncStatus: 'synced', status: 'Active', remoteId: 'A001', remoteData: { Id: 'A001', Name: 'Pushed sales' } })
      .where(eq(accounts.id, pushed.id));
    await h.db.update(accounts).set({ syncStatus: 'pushing', remoteId: 'A002' }).where(eq(accounts.id, pending.id));

    const book = new FakeBook(10);
    book.add('A001', 'Pushed sales');
    book.add('A002', 'Renamed at the provider');
    book.add('A003', 'Found at the provider');
    await pullWith(book)(t.connectionId);

    const rows = await rowsOf(t.connectionId);
    expect(rows.map((row) => [row.remoteId, row.id, row.direction, row.name, row.syncStatus])).toEqual([
      ['A001', pushed.id, 'push', 'Pushed sales', 'synced'],
      ['A002', pending.id, 'push', 'Being pushed', 'pushing'],
      ['A003', expect.any(String), 'pull', 'Found at the provider', 'synced'],
    ]);
    // What the client said and the provider does not say stays.
    expect(rows[0]?.description).toBe('said by the client');
    const told = await eventsOf(t.projectId);
    // Found at the provider: only A003 is `added`; the pushed one is the client's (its `created`), unchanged.
    expect(told.filter((e) => e.type.startsWith('accounting.account.')).map((e) => [e.type, e.recordId])).toEqual([
      ['accounting.account.added', rows[2]?.id],
    ]);
  });

  it('when a pull reads an account between its create at the provider and the push outcome, the pushed record keeps the provider record (one row, its id) and the pulled twin gives way', async () => {
    const t = await setUp();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    const [created] = await insertAccounts(h.db, [{ scope, record: { name: 'Raced' }, warnings: [] }]);
    if (!created) throw new Error('insert');
    const [claimed] = await h.db
      .update(accounts)
      .set({ syncStatus: 'pushing', syncAttempts: 1 })
      .where(eq(accounts.id, created.id))
      .returning();
    if (!claimed) throw new Error('claim');
    await applyPulledPage(h.db, 'account', scope, {
      records: [
        { remoteId: 'R9', fields: { name: 'Raced' }, remoteData: { Id: 'R9' } },
        { remoteId: 'C1', fields: { name: 'Its child', parent_remote_id: 'R9' }, remoteData: { Id: 'C1' } },
      ],
    });
    expect(await recordPushSynced(h.db, 'account', claimed, { remoteId: 'R9', remoteData: { Account: { Id: 'R9' } } })).toEqual(
      expect.any(Array),
    );
    const rows = await rowsOf(t.connectionId);
    expect(rows.map((row) => [row.remoteId, row.id === created.id, row.direction, row.syncStatus])).toEqual([
      ['C1', false, 'pull', 'synced'],
      ['R9', true, 'push', 'synced'],
    ]);
    expect(rows[0]?.parentAccountId).toBe(created.id);
  });

  it('resolves a parent named by its remote id once both rows exist, whichever page brings it first', async () => {
    const t = await setUp();
    const book = new FakeBook(2);
    book.add('A001', 'Child', { parentRemoteId: 'A004' });
    book.add('A002', 'Other');
    book.add('A003', 'Grandchild', { parentRemoteId: 'A001' });
    book.add('A004', 'Parent');
    await pullWith(book)(t.connectionId);
    const rows = await rowsOf(t.connectionId);
    const id = (remoteId: string) => rows.find((row) => row.remoteId === remoteId)?.id;
    expect(rows.find((row) => row.remoteId === 'A001')?.parentAccountId).toBe(id('A004'));
    expect(rows.find((row) => row.remoteId === 'A003')?.parentAccountId).toBe(id('A001'));
    expect(rows.find((row) => row.remoteId === 'A004')?.parentAccountId).toBeNull();
  });
});

describe('an incremental pull', () => {
  it('reads the change feed from the watermark: an update and a deletion, the deleted row kept with remote_deleted_at, each told once', async () => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(9);
    const pull = pullWith(book);
    await pull(t.connectionId);
    book.requests.length = 0;
    book.change('A002', { name: 'Renamed' });
    book.change('A005', { deleted: true });
    book.change('A006', { archived: true });

    expect(await pull(t.connectionId, 'incremental')).toMatchObject({
      outcome: 'pulled',
      mode: 'incremental',
      updated: 1,
      deleted: 2,
      added: 0,
    });
    // The number of requests follows what changed, not the chart's size.
    expect(book.requests).toEqual([{ kind: 'changes', page: null, since: '9' }]);
    const rows = await rowsOf(t.connectionId);
    expect(rows).toHaveLength(9);
    expect(rows.find((row) => row.remoteId === 'A002')?.name).toBe('Renamed');
    expect(rows.find((row) => row.remoteId === 'A005')?.remoteDeletedAt).toBeInstanceOf(Date);
    expect(rows.find((row) => row.remoteId === 'A006')?.remoteDeletedAt).toBeInstanceOf(Date);
    const told = (await eventsOf(t.projectId)).filter((e) => e.type !== 'accounting.account.added');
    expect(told.map((e) => e.type).sort()).toEqual([
      'accounting.account.deleted',
      'accounting.account.deleted',
      'accounting.account.updated',
      'sync.completed',
      'sync.completed',
    ]);
    expect(told.at(-1)?.payload).toMatchObject({ mode: 'incremental', updated: 1, deleted: 2, added: 0 });
  });

  it('without a change feed, lists everything and marks gone what the provider no longer has (kept, never deleted)', async () => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(5);
    const pull = pullWith(book, book.withoutChanges());
    await pull(t.connectionId);
    book.change('A003', { deleted: true });
    expect(await pull(t.connectionId, 'incremental')).toMatchObject({ outcome: 'pulled', mode: 'full', deleted: 1, added: 0, updated: 0 });
    const rows = await rowsOf(t.connectionId);
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.remoteDeletedAt !== null).map((row) => row.remoteId)).toEqual(['A003']);
    expect((await loadPullState(h.db, t.connectionId, 'account'))?.records).toBe(4);
  });
});

describe('faults mid-pull', () => {
  it('after a crash mid-pull, goes on from the stored page token, not from page one, and duplicates nothing', async () => {
    const t = await setUp();
    const crash = new FakeBook(2);
    crash.seed(7);
    const reader = crash.handler();
    // The worker dies during the third request (an error no provider sends: the process is gone).
    let calls = 0;
    const dying = {
      list: async (context: never, page: string | null) => {
        calls++;
        if (calls === 3) throw new Error('worker killed');
        return reader.list(context, page);
      },
    };
    await expect(pullWith(crash, dying as never)(t.connectionId)).rejects.toThrow('worker killed');
    expect(await loadPullState(h.db, t.connectionId, 'account')).toMatchObject({ status: 'running', pageToken: '4' });
    expect(await rowsOf(t.connectionId)).toHaveLength(4);

    crash.requests.length = 0;
    expect(await pullWith(crash)(t.connectionId, 'full', 1)).toMatchObject({ outcome: 'pulled', added: 7 });
    expect(crash.requests.map((r) => r.page)).toEqual(['4', '6']);
    const rows = await rowsOf(t.connectionId);
    expect(new Set(rows.map((row) => row.remoteId)).size).toBe(7);
    expect(rows).toHaveLength(7);
    const told = await eventsOf(t.projectId);
    expect(told.filter((e) => e.type === 'accounting.account.added')).toHaveLength(7);
    expect(told.filter((e) => e.type === 'sync.completed').map((e) => e.payload.added)).toEqual([7]);
  });

  it.each([
    ['a 429', () => new RateLimited('quickbooks', 10)],
    ['a 5xx', () => new ProviderUnavailable('quickbooks', 'QuickBooks answered 503', { status: 503 })],
  ])('after %s mid-pull, the retry resumes from the page it stopped at', async (_, fault) => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(8);
    const pull = pullWith(book);
    let calls = 0;
    book.onRequest = (count) => {
      calls = count;
      if (calls === 2) book.failNext(fault());
    };
    await expect(pull(t.connectionId)).rejects.toThrow();
    const state = await loadPullState(h.db, t.connectionId, 'account');
    expect(state).toMatchObject({ status: 'running', pageToken: '3' });
    expect(state?.lastError?.code).toMatch(/rate_limited|provider_unavailable/);
    book.onRequest = undefined;
    expect(await pull(t.connectionId, 'full', 1)).toMatchObject({ outcome: 'pulled', added: 8 });
    expect(book.requests.map((r) => r.page)).toEqual([null, '3', '3', '6']);
    expect(await rowsOf(t.connectionId)).toHaveLength(8);
  });

  it('refused credentials hold the pull (not failed), keeping its page token, as they hold the pushes', async () => {
    const t = await setUp();
    const book = new FakeBook(3);
    book.seed(6);
    book.onRequest = (count) => {
      if (count >= 2)
        book.failNext(
          new CredentialsExpired('quickbooks', 'AuthenticationFailed', { status: 401 }),
          new CredentialsExpired('quickbooks', 'AuthenticationFailed', { status: 401 }),
        );
    };
    expect(await pullWith(book)(t.connectionId)).toEqual({ outcome: 'held' });
    const state = await loadPullState(h.db, t.connectionId, 'account');
    expect(state?.status).toBe('held');
    expect(state?.pageToken).toBe('3');
    expect(state?.lastError?.code).toBe('connection_invalid');
  });

  it('keeps a record the adapter could not map in last_error, with its remote id; the rest of the pull goes on', async () => {
    const t = await setUp();
    const book = new FakeBook(2);
    book.seed(4);
    book.change('A002', { unmappable: true });
    expect(await pullWith(book)(t.connectionId)).toMatchObject({ outcome: 'pulled', added: 3 });
    const state = await loadPullState(h.db, t.connectionId, 'account');
    expect(state?.lastError?.skipped).toEqual([{ remote_id: 'A002', reason: 'an account type the adapter does not know' }]);
    expect((await rowsOf(t.connectionId)).map((row) => row.remoteId)).toEqual(['A001', 'A003', 'A004']);
  });
});

describe("the pulled objects at Panora's paths", () => {
  it('serves company info, tax rates (exact, as `total_tax_ratge`) and tracking categories (parent resolved), list and get, with their origin', async () => {
    const t = await setUp();
    const scope = { projectId: t.projectId, connectionId: t.connectionId };
    await applyPulledPage(h.db, 'companyinfo', scope, {
      records: [
        {
          remoteId: '1',
          fields: { name: 'Sandbox Company', legal_name: 'Sandbox Company Ltd', currency: 'USD', fiscal_year_end_month: 12 },
          remoteData: { Id: '1' },
        },
      ],
    });
    await applyPulledPage(h.db, 'taxrate', scope, {
      records: [
        {
          remoteId: 'NY',
          fields: { description: 'New York City', total_tax_ratge: decimal('887.5'), effective_tax_rate: decimal('887.5') },
          remoteData: { Id: 'NY', RateValue: 8.875 },
        },
      ],
    });
    await applyPulledPage(h.db, 'trackingcategory', scope, {
      records: [
        {
          remoteId: 'opt-1',
          fields: { name: 'North', status: 'Active', category_type: 'Region', parent_remote_id: 'cat-1' },
          remoteData: {},
        },
        { remoteId: 'cat-1', fields: { name: 'Region', status: 'Active', category_type: 'Region' }, remoteData: {} },
      ],
    });
    const get = (url: string) =>
      h.app.inject({ method: 'GET', url, headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken } });

    const rates = await get('/accounting/taxrates');
    expect(rates.statusCode).toBe(200);
    expect(rates.body).toContain('"total_tax_ratge":887.5');
    const rate = rates.json().data[0];
    expect(rate).toMatchObject({
      description: 'New York City',
      remote_id: 'NY',
      origin: 'pulled',
      remote_deleted_at: null,
      remote_data: null,
    });
    const one = await get(`/accounting/taxrates/${rate.id}?remote_data=true`);
    expect(one.body).toContain('"RateValue":8.875');

    const company = (await get('/accounting/companyinfos')).json().data;
    expect(company).toEqual([
      expect.objectContaining({
        name: 'Sandbox Company',
        legal_name: 'Sandbox Company Ltd',
        currency: 'USD',
        fiscal_year_end_month: 12,
        origin: 'pulled',
      }),
    ]);

    const categories = (await get('/accounting/trackingcategories')).json().data as {
      id: string;
      name: string;
      parent_category: string | null;
    }[];
    const region = categories.find((c) => c.name === 'Region');
    expect(categories.find((c) => c.name === 'North')?.parent_category).toBe(region?.id);
    expect((await get(`/accounting/trackingcategories/${region?.id}`)).json()).toMatchObject({ name: 'Region', parent_category: null });

    // Another project's connection sees none of it.
    const other = await h.tenant(ADDED);
    const foreign = await h.app.inject({
      method: 'GET',
      url: `/accounting/taxrates/${rate.id}`,
      headers: { 'x-api-key': other.apiKey, 'x-connection-token': other.connectionToken },
    });
    expect(foreign.statusCode).toBe(404);
    // Pulled only: no intake.
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/accounting/taxrates',
          headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });
});
