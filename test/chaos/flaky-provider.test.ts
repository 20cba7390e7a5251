import { accounts } from '@ledgersync/db/schema';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// A provider having a bad day: 30 % of requests answer 500, some hang past the worker's timeout
// (and are still carried out by the provider), some are carried out but the answer is lost.
// A first attempt fails 4 times in 10; a re-send looks the account up first (QuickBooks' query,
// as faulty as the create), so it fails about 0.58 of the time (1 - 0.7 × 0.6). Twenty-two
// attempts make giving up on one of 200 accounts a one-in-a-thousand event (0.4 × 0.58^21 × 200).
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ pushAttempts: 22, settings: { PROVIDER_TIMEOUT_MS: 250, PUSH_CONCURRENCY: 5 } });
});
afterAll(async () => {
  await h?.close();
});

const FLAKY = {
  seed: 20261124,
  faults: [
    { fault: { kind: 'status', status: 500 } as const, probability: 0.3 },
    { fault: { kind: 'delay', ms: 600 } as const, probability: 0.05 },
    { fault: { kind: 'commit-then-reset' } as const, probability: 0.05 },
  ],
};

describe('a provider answering 30 % 500s, timeouts and lost answers', () => {
  it('ends with every account pushed exactly once and its row synced with the right remote id', async () => {
    const tenants = [await h.tenant(['accounting.account.created']), await h.tenant(['accounting.account.created'])];
    for (const t of tenants) h.fakes.quickbooks.injectRandomFaults(FLAKY, { tenantId: t.realmId });
    const perTenant = 100;
    for (let i = 0; i < perTenant; i += 10) {
      const batch = tenants.flatMap((t) =>
        Array.from({ length: 10 }, (_, j) => h.postAccount(t, { name: `Flaky ${i + j}`, type: 'Expense' })),
      );
      for (const response of await Promise.all(batch)) expect(response.statusCode).toBe(201);
    }

    const settled = async () => (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.syncStatus, 'synced')))[0]?.n ?? 0;
    await waitFor('every account synced', async () => (await settled()) === perTenant * 2, 120_000);

    for (const t of tenants) {
      const atProvider = h.fakes.quickbooks.accounts(t.realmId);
      expect(atProvider).toHaveLength(perTenant);
      const idByName = new Map(atProvider.map((a) => [a.Name, a.Id]));
      expect(idByName.size).toBe(perTenant);
      const rows = await h.db.select().from(accounts).where(eq(accounts.connectionId, t.connectionId));
      for (const row of rows) expect(row.remoteId).toBe(idByName.get(row.name ?? ''));
    }

    // The faults did happen: the run proves recovery, not luck.
    const answered = h.fakes.quickbooks.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/account'));
    expect(answered.filter((r) => r.status === 500).length).toBeGreaterThan(30);
    expect(answered.filter((r) => r.status === 0).length).toBeGreaterThan(0); // answers lost after the create
    const retried = await h.db.select({ n: count() }).from(accounts).where(eq(accounts.syncAttempts, 1));
    expect(retried[0]?.n).toBeLessThan(perTenant * 2);
    await waitFor('one webhook per account', () => new Set(h.receiver.received.map((w) => w.json.data.id)).size === perTenant * 2);
  }, 180_000);
});
