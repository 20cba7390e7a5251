import { accounts } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

// A worker process dies (SIGKILL: no cleanup) twice while 1,000 accounts are being pushed.
let h: Harness;
let worker: WorkerProcess | undefined;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await worker?.stop();
  await h?.close();
});

const synced = async () => (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.syncStatus, 'synced')))[0]?.n ?? 0;

describe('a worker killed mid-run', () => {
  it('still pushes every account exactly once and tells the customer once per account', async () => {
    // Four QuickBooks realms of 250 accounts each: under the 500/min a realm allows, so the
    // run measures recovery from the kills, not the provider's rate limit.
    const tenants = await Promise.all([1, 2, 3, 4].map(() => h.tenant(['accounting.account.created'])));
    const total = 1_000;
    const ids = new Set<string>();
    for (let i = 0; i < total; i += tenants.length * 5) {
      const batch = tenants.flatMap((t, k) =>
        Array.from({ length: 5 }, (_, j) => h.postAccount(t, { name: `Account ${i + k * 5 + j}`, type: 'Expense' })),
      );
      for (const response of await Promise.all(batch)) ids.add(response.json().id);
    }
    expect(ids.size).toBe(total);
    // Each request takes a moment at the provider, so kills land with pushes in flight.
    for (const t of tenants) h.fakes.quickbooks.injectFault({ kind: 'delay', ms: 15 }, { tenantId: t.realmId, times: 1_000_000 });

    // Short locks so jobs of a dead worker are taken over within seconds, and a quick sweeper for
    // work a kill lost between a Postgres commit and its enqueue (a delivery whose job never existed).
    const env = h.workerEnv({
      JOB_LOCK_MS: '2000',
      STALLED_CHECK_MS: '1000',
      PUSH_CONCURRENCY: '20',
      SWEEP_INTERVAL_MS: '1000',
      SWEEP_STALE_AFTER_MS: '3000',
    });
    for (const killAt of [250, 550]) {
      worker = await spawnWorker(env);
      await waitFor(`${killAt} synced`, async () => (await synced()) >= killAt, 60_000);
      await worker.kill();
    }
    worker = await spawnWorker(env);
    await waitFor('every account synced', async () => (await synced()) === total, 90_000);

    // Exactly one account per row at the provider: no duplicate created by a re-run job.
    const atProvider = tenants.flatMap((t) => h.fakes.quickbooks.accounts(t.realmId));
    expect(atProvider).toHaveLength(total);
    expect(new Set(atProvider.map((a) => a.Name)).size).toBe(total);
    const rows = await h.db.select().from(accounts);
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.syncStatus === 'synced' && row.remoteId)).toBe(true);
    // QuickBooks ids count up per realm, so a remote id is unique within its connection.
    expect(new Set(rows.map((row) => `${row.connectionId}/${row.remoteId}`)).size).toBe(total);

    // One created webhook per account once deduplicated by webhook-id, none missing.
    await waitFor('every webhook', () => new Set(h.receiver.received.map((w) => w.headers['webhook-id'])).size >= total, 60_000);
    const byId = new Map<string, string>();
    for (const webhook of h.receiver.received) byId.set(String(webhook.headers['webhook-id']), String(webhook.json.data.id));
    expect(byId.size).toBe(total);
    expect(new Set(byId.values())).toEqual(ids);
  }, 240_000);
});
