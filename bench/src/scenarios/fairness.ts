import { startFakeProviders } from '@ledgersync/fake-providers';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { createTenant, enqueuePushes, insertPendingAccounts, nthSeedBody, type Tenant } from '../support/fixtures.js';
import { ENTRIES, freePort, type Service, startService } from '../support/processes.js';
import type { Stack } from '../support/stack.js';
import { createStack } from '../support/stack.js';

export interface FairnessJson {
  /** The slowest of the small tenant's 10 accounts, submission (POST sent) to synced, right after the big backlog was queued. */
  small_tenant_ms: number;
  small_tenant_p50_ms: number;
  /** The same, once the worker has gone through the big backlog (every job delayed to its slot). */
  steady_small_tenant_ms: number;
  /** How long the worker took to go through the big backlog once (waiting list empty). */
  backlog_scheduled_ms: number;
  big_tenant_accounts: number;
}

const SMALL = 10;

/**
 * One Xero connection with a big backlog at Xero's 60/min, then 10 accounts POSTed on another
 * connection: how long until they are at the provider. The backlog is queued at once (as after a
 * bulk import, or a worker outage), then the 10 are submitted through the API process; once more
 * after the worker has scheduled the whole backlog. One worker process, default settings.
 */
export async function runFairness(ctx: RunContext): Promise<ScenarioOutcome<FairnessJson>> {
  const backlog = ctx.quick ? 3_000 : 10_000;
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench' });
  const services: Service[] = [];
  try {
    const big = await createTenant(stack, fakes, { provider: 'xero' });
    const small = await createTenant(stack, fakes, { provider: 'xero' });
    const port = await freePort();
    const [api, worker] = await Promise.all([
      startService({
        name: 'fairness-api',
        entry: ENTRIES.api,
        env: stack.env({ PORT: String(port) }),
        readyWhen: 'ledgersync API ready',
        outDir: ctx.outDir,
        profileDir: ctx.profileDir,
      }),
      startService({
        name: 'fairness-worker',
        entry: ENTRIES.worker,
        env: stack.env(),
        readyWhen: 'workers started',
        outDir: ctx.outDir,
        profileDir: ctx.profileDir,
      }),
    ]);
    services.push(api, worker);
    const url = `http://127.0.0.1:${port}/accounting/accounts`;

    ctx.progress(`fairness: queueing ${backlog} accounts on the big connection`);
    const ids = await insertPendingAccounts(stack, big, backlog);
    const queued = Date.now();
    // With their connection, as the intake, a retry and the sweeper enqueue them.
    await enqueuePushes(
      stack.queues,
      ids.map((id) => ({ id, connectionId: big.connectionId })),
    );
    ctx.progress('fairness: 10 accounts on the small connection');
    const first = await submitAndWait(stack, url, small, 0);
    const backlogScheduled = await waitUntilScheduled(stack, queued);
    ctx.progress('fairness: 10 more, once the backlog is scheduled');
    const steady = await submitAndWait(stack, url, small, SMALL);

    const json: FairnessJson = {
      small_tenant_ms: Math.round(Math.max(...first)),
      small_tenant_p50_ms: Math.round(median(first)),
      steady_small_tenant_ms: Math.round(Math.max(...steady)),
      backlog_scheduled_ms: backlogScheduled,
      big_tenant_accounts: backlog,
    };
    const s = (ms: number) => `${round(ms / 1000, 2)} s`;
    return {
      json,
      rows: [
        {
          scenario: 'fairness',
          metric: `10 accounts behind ${backlog} queued`,
          ledgersync: `${s(json.small_tenant_ms)} (p50 ${s(json.small_tenant_p50_ms)})`,
          floor: '—',
          goal: '≤ 2 s',
          met: json.small_tenant_ms <= 2_000,
        },
        {
          scenario: 'fairness',
          metric: '10 accounts, backlog scheduled',
          ledgersync: s(json.steady_small_tenant_ms),
          floor: '—',
          goal: '≤ 2 s',
          met: json.steady_small_tenant_ms <= 2_000,
        },
      ],
      chart: [],
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await fakes.close();
    await stack.close();
  }
}

/** POSTs 10 accounts at once; for each, ms from its POST being sent to its synced_at. */
async function submitAndWait(stack: Stack, url: string, tenant: Tenant, from: number): Promise<number[]> {
  const sent = new Map<string, number>();
  await Promise.all(
    Array.from({ length: SMALL }, async (_, i) => {
      const at = Date.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'x-api-key': tenant.apiKey, 'x-connection-token': tenant.connectionToken, 'content-type': 'application/json' },
        body: JSON.stringify(nthSeedBody(from + i, 'xero')),
      });
      if (response.status !== 201) throw new Error(`intake answered ${response.status}: ${await response.text()}`);
      sent.set(((await response.json()) as { id: string }).id, at);
    }),
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    const rows = await stack.database.sql<{ id: string; at: number | null }[]>`
      select id, (extract(epoch from synced_at) * 1000)::float8 as at from accounts where id in ${stack.database.sql([...sent.keys()])}`;
    const synced = rows.filter((row) => row.at !== null);
    if (synced.length === SMALL || Date.now() > deadline) {
      // One not pushed in time counts as the whole wait.
      return [...sent.entries()].map(([id, at]) => (rows.find((row) => row.id === id)?.at ?? Date.now()) - at);
    }
    await sleep(50);
  }
}

/** Waits until no push job is waiting (each has been delayed to its slot, or done); ms since `since`. */
async function waitUntilScheduled(stack: Stack, since: number): Promise<number> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const counts = await stack.queues.push.getJobCounts('waiting', 'active', 'prioritized');
    if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) break;
    await sleep(200);
  }
  return Date.now() - since;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
