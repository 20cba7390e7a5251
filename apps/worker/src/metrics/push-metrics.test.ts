import { setConnectionRateLimits } from '@ledgersync/db';
import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../../test/support/harness.js';
import { waitFor } from '../../../../test/support/wait.js';
import type { WorkerMetrics } from './worker-metrics.js';

// The worker's metrics as a push goes through provider faults, limits and webhook answers.
let h: Harness;
let metrics: WorkerMetrics;
beforeAll(async () => {
  h = await startHarness();
  if (!h.context.metrics) throw new Error('the harness gives its workers no metrics');
  metrics = h.context.metrics;
});
afterAll(async () => {
  await h?.close();
});

/** Every sample of the registry, keyed `name{label="value",...}` with labels sorted, for deltas. */
async function snapshot(): Promise<Map<string, number>> {
  const samples = new Map<string, number>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    // Histograms name each sample (`_bucket`, `_sum`, `_count`); counters leave it to the metric.
    for (const { metricName, labels, value } of metric.values as {
      metricName?: string;
      labels: Record<string, string | number>;
      value: number;
    }[]) {
      const key = Object.keys(labels)
        .sort()
        .map((label) => `${label}="${labels[label]}"`)
        .join(',');
      samples.set(`${metricName ?? metric.name}{${key}}`, value);
    }
  }
  return samples;
}

/** How much each sample grew since `before`. */
async function growth(before: Map<string, number>) {
  const after = await snapshot();
  return (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
}

/**
 * The account finished and its job done: the row is written in the outcome statement, and the
 * processor counts the outcome after it (and after enqueueing the webhooks), before it returns.
 */
async function settled(id: string) {
  return waitFor(`account ${id} to settle`, async () => {
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    if (!row || (row.syncStatus !== 'synced' && row.syncStatus !== 'failed')) return undefined;
    const state = await h.queues.push.getJobState(id);
    return state === 'completed' || state === 'failed' ? row : undefined;
  });
}

/** Waits until no delivery is queued or running, so a test's webhook answers reach its own deliveries. */
function webhooksIdle() {
  return waitFor('the webhook queue to drain', async () => {
    const counts = await h.queues.webhooks.getJobCounts('waiting', 'delayed', 'active');
    return Object.values(counts).every((count) => count === 0);
  });
}

async function create(t: { apiKey: string; connectionToken: string }, payload: object): Promise<string> {
  const response = await h.postAccount(t, payload);
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

describe('push metrics', () => {
  it('counts a push through an injected 500 as one retry, then one synced', async () => {
    const t = await h.tenant();
    const before = await snapshot();
    h.fakes.quickbooks.injectFault({ kind: 'status', status: 500 }, { tenantId: t.realmId, times: 1 });
    const id = await create(t, { name: 'Flaky Once', type: 'Bank' });
    expect((await settled(id)).syncStatus).toBe('synced');

    const grew = await growth(before);
    expect(grew('ledgersync_push_outcomes_total{outcome="retried",provider="quickbooks"}')).toBe(1);
    expect(grew('ledgersync_push_outcomes_total{outcome="synced",provider="quickbooks"}')).toBe(1);
    expect(grew('ledgersync_push_outcomes_total{outcome="failed",provider="quickbooks"}')).toBe(0);
    expect(grew('ledgersync_push_attempts_total{provider="quickbooks"}')).toBe(2);
    // Both provider calls are timed, told apart by how they ended.
    expect(grew('ledgersync_push_duration_seconds_count{provider="quickbooks",result="error"}')).toBe(1);
    expect(grew('ledgersync_push_duration_seconds_count{provider="quickbooks",result="ok"}')).toBe(1);
    expect(grew('ledgersync_intake_to_synced_seconds_count{provider="quickbooks"}')).toBe(1);
  });

  it('counts a push refused for good as failed', async () => {
    const t = await h.tenant();
    expect((await settled(await create(t, { name: 'Taken', type: 'Bank' }))).syncStatus).toBe('synced');
    const before = await snapshot();
    // QuickBooks refuses a second account of the same name: a permanent error, no retry.
    const id = await create(t, { name: 'Taken', type: 'Bank' });
    expect((await settled(id)).syncStatus).toBe('failed');

    const grew = await growth(before);
    expect(grew('ledgersync_push_outcomes_total{outcome="failed",provider="quickbooks"}')).toBe(1);
    expect(grew('ledgersync_push_outcomes_total{outcome="synced",provider="quickbooks"}')).toBe(0);
    expect(grew('ledgersync_push_outcomes_total{outcome="retried",provider="quickbooks"}')).toBe(0);
  });

  it('counts pushes held back by the connection limiter as deferred, with their wait', async () => {
    const t = await h.tenant();
    await setConnectionRateLimits(h.db, t.connectionId, { windows: [{ limit: 1, periodMs: 1_000 }] });
    const before = await snapshot();
    // Both queued before the workers look: one window cannot take them both.
    await h.stopWorkers();
    const ids = [await create(t, { name: 'First In Window', type: 'Bank' }), await create(t, { name: 'Next Window', type: 'Bank' })];
    await h.startWorkers();
    for (const id of ids) expect((await settled(id)).syncStatus).toBe('synced');

    const grew = await growth(before);
    expect(grew('ledgersync_push_outcomes_total{outcome="synced",provider="quickbooks"}')).toBe(2);
    expect(grew('ledgersync_push_outcomes_total{outcome="deferred",provider="quickbooks"}')).toBeGreaterThanOrEqual(1);
    expect(grew('ledgersync_rate_limit_delays_total{provider="quickbooks",reason="rate"}')).toBeGreaterThanOrEqual(1);
    expect(grew('ledgersync_rate_limit_delay_seconds_total{provider="quickbooks",reason="rate"}')).toBeGreaterThan(0);
  });
});

describe('webhook delivery metrics', () => {
  it('counts a delivery answered 500 then 200 as retried, then delivered', async () => {
    const t = await h.tenant();
    await webhooksIdle();
    const before = await snapshot();
    h.receiver.answerNext(500);
    const id = await create(t, { name: 'Hooked', type: 'Bank' });
    await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === id));
    const grew = await waitFor('the delivery to be counted', async () => {
      const measured = await growth(before);
      return measured('ledgersync_webhook_deliveries_total{outcome="delivered"}') > 0 ? measured : undefined;
    });
    expect(grew('ledgersync_webhook_deliveries_total{outcome="retried"}')).toBe(1);
    expect(grew('ledgersync_webhook_deliveries_total{outcome="delivered"}')).toBe(1);
  });

  it('counts an endpoint that answers 410 Gone as disabled', async () => {
    const t = await h.tenant();
    await webhooksIdle();
    const before = await snapshot();
    h.receiver.answerNext(410);
    await create(t, { name: 'Gone', type: 'Bank' });
    const grew = await waitFor('the delivery to be counted', async () => {
      const measured = await growth(before);
      return measured('ledgersync_webhook_deliveries_total{outcome="disabled"}') > 0 ? measured : undefined;
    });
    expect(grew('ledgersync_webhook_deliveries_total{outcome="disabled"}')).toBe(1);
    expect(grew('ledgersync_webhook_deliveries_total{outcome="delivered"}')).toBe(0);
  });
});
