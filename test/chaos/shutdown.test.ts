import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { spawnWorker } from '../support/worker-process.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

describe('worker shutdown', () => {
  it('on SIGTERM, finishes the push in flight before it exits', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'delay', ms: 1_500 }, { tenantId: t.realmId });
    const worker = await spawnWorker(h.workerEnv());
    const id = (await h.postAccount(t, { name: 'In Flight', type: 'Bank' })).json().id as string;
    await waitFor('the push to reach the provider', () =>
      h.fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id),
    );
    const started = Date.now();
    expect(await worker.stop()).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(1_000);
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    expect(row?.syncStatus).toBe('synced');
  });

  it('exits at once on a second signal', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'delay', ms: 10_000 }, { tenantId: t.realmId });
    const worker = await spawnWorker(h.workerEnv());
    const id = (await h.postAccount(t, { name: 'Stuck', type: 'Bank' })).json().id as string;
    await waitFor('the push to reach the provider', () =>
      h.fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id),
    );
    const started = Date.now();
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    worker.child.kill('SIGTERM');
    expect(await exit).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(worker.lines.some((line) => line.includes('second signal'))).toBe(true);
  });
});

describe('worker shutdown past its grace period', () => {
  // Its own harness: a provider timeout longer than the held call, so only an abort can end it.
  let held: Harness;
  beforeAll(async () => {
    held = await startHarness({ workers: false, settings: { PROVIDER_TIMEOUT_MS: 30_000 } });
  });
  afterAll(async () => {
    await held?.close();
  });

  it('aborts the provider call in flight; the retry looks the record up first, and the provider holds it once', async () => {
    const h = held;
    const t = await h.tenant(undefined, 'xero');
    // The create is held at Xero longer than the shutdown waits; Xero still stores it afterwards.
    h.fakes.xero.injectFault({ kind: 'delay', ms: 6_000 }, { tenantId: t.tenantId, times: 1 });
    await h.startWorkers();
    const created = await h.postAccount(t, { name: 'Held At Shutdown', type: 'Current Asset', account_number: '4242' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const creates = () => h.fakes.xero.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/Accounts'));
    const lookups = () => h.fakes.xero.requests.filter((r) => r.method === 'GET' && r.query.where === 'Code=="4242"');
    await waitFor('the create to reach Xero', () => creates().length === 1);

    await h.stopWorkers(200);
    // Aborted, not left running: the attempt is recorded and the account is back to pending.
    const [aborted] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    expect(aborted).toMatchObject({ syncStatus: 'pending', syncAttempts: 1, lastError: { code: 'provider_unavailable' } });
    expect(lookups()).toHaveLength(0);

    await h.startWorkers();
    const synced = await waitFor('the retry to sync the account', async () => {
      const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
      return row?.syncStatus === 'synced' ? row : undefined;
    });
    expect(synced.syncAttempts).toBe(2);
    expect(lookups().length).toBeGreaterThanOrEqual(1);
    // Once the held create has been answered too, Xero holds one account: the same the row names.
    await waitFor('the held create to be answered', () => creates().every((r) => r.status !== 0), 10_000);
    const stored = h.fakes.xero.accounts(t.tenantId).filter((a) => a.Code === '4242');
    expect(stored.map((a) => a.AccountID)).toEqual([synced.remoteId]);
  });
});
