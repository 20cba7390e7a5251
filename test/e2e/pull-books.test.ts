import { accounts, companyInfos, connections } from '@ledgersync/db/schema';
import { PROVIDER_SLUGS, pulledObjectsOf } from '@ledgersync/providers';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// Each provider's real readers against its fake's default books, through the whole pipeline: the
// API's resync enqueues, the worker pulls under the connection's limiter, the rows land, and an
// account ledgersync pushed is the same row when the next pull sees it.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ fakes: { quickbooks: { books: 'default' } } });
});
afterAll(async () => h?.close());

const PUSHED_NUMBER: Record<string, string> = { quickbooks: '', xero: 'LS77', sage: '6077', zohobooks: 'LS-77', pennylane: '6077' };

async function resyncAndWait(t: { apiKey: string; connectionToken: string }, objects: string[], after: number) {
  const resync = await h.app.inject({
    method: 'POST',
    url: '/sync/resync',
    headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
  });
  expect(resync.statusCode, resync.body).toBe(201);
  let last = '';
  await waitFor(
    'every object pulled',
    async () => {
      const status = await h.app.inject({
        method: 'GET',
        url: '/sync/status/accounting',
        headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
      });
      last = status.body;
      const states = (status.json() as { objects: Record<string, { status: string; last_success_at: string | null }> }).objects;
      return objects.every((o) => {
        const state = states[o];
        return state?.status === 'idle' && state.last_success_at !== null && Date.parse(state.last_success_at) >= after;
      });
    },
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${last}`);
  });
}

describe.each(PROVIDER_SLUGS)('%s: reading the books', (provider) => {
  it("lands the fake's default books, then sees a pushed account as the same row", async () => {
    const t = await h.tenant(['accounting.account.created', 'accounting.account.added', 'sync.completed'], provider);
    const objects = pulledObjectsOf(provider);
    expect(objects).toContain('account');
    await resyncAndWait(t, objects, Date.now() - 1_000);

    const pulled = await h.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.connectionId, t.connectionId), eq(accounts.direction, 'pull')));
    // A default chart, not a handful of test records.
    expect(pulled.length).toBeGreaterThanOrEqual(20);
    for (const row of pulled) {
      expect(row.remoteId, JSON.stringify(row)).toBeTruthy();
      expect(row.name, JSON.stringify(row)).toBeTruthy();
      expect(row.syncStatus).toBe('synced');
    }
    expect(new Set(pulled.map((row) => row.remoteId)).size).toBe(pulled.length);

    const listed = await h.getAccounts(t, '?limit=100');
    expect(listed.statusCode).toBe(200);
    const page = listed.json() as { data: { origin: string }[] };
    expect(page.data.some((a) => a.origin === 'pulled')).toBe(true);
    const companies = await h.app.inject({
      method: 'GET',
      url: '/accounting/companyinfos',
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(companies.statusCode, companies.body).toBe(200);
    if (objects.includes('companyinfo')) expect((companies.json() as { data: unknown[] }).data).toHaveLength(1);
    // The company's country, where the provider tells it, becomes the connection's (QuickBooks'
    // AcctNum limit depends on it).
    const [company] = await h.db.select().from(companyInfos).where(eq(companyInfos.connectionId, t.connectionId));
    const [connection] = await h.db
      .select({ country: connections.companyCountry })
      .from(connections)
      .where(eq(connections.id, t.connectionId));
    if (provider === 'quickbooks' || provider === 'xero') expect(company?.country).toMatch(/^[A-Z]{2}$/);
    expect(connection?.country ?? null).toBe(
      company?.country && /^[A-Za-z]{2}$/.test(company.country) ? company.country.toUpperCase() : null,
    );

    // A push, then the next pull: one row, the pushed one, with the id the client was given.
    const number = PUSHED_NUMBER[provider];
    const body = {
      name: 'Ledgersync pulled twice',
      type: provider === 'pennylane' ? undefined : 'Expense',
      ...(number ? { account_number: number } : {}),
    };
    const created = await h.postAccount(t, body);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    await waitFor('the push synced', async () => (await h.getAccounts(t, `/${id}`)).json().sync.status === 'synced', 30_000);
    const remoteId = (await h.getAccounts(t, `/${id}`)).json().remote_id as string;

    await resyncAndWait(t, ['account'], Date.now());
    const same = await h.db
      .select()
      .from(accounts)
      .where(and(eq(accounts.connectionId, t.connectionId), eq(accounts.remoteId, remoteId)));
    expect(same.map((row) => row.id)).toEqual([id]);
    expect((await h.getAccounts(t, `/${id}`)).json()).toMatchObject({ origin: 'pushed', remote_id: remoteId });
  }, 120_000);
});
