import { startFakeProviders } from '@ledgersync/fake-providers';
import { createQueues, DEFAULT_QUEUE_SETTINGS } from '@ledgersync/jobs';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { createTenant, enqueuePushes, insertPendingAccounts, UNLIMITED_CONNECTION } from '../support/fixtures.js';
import { ENTRIES, errorLines, startService } from '../support/processes.js';
import { waitForCounts } from '../support/progress.js';
import { REDIS_URL } from '../support/services.js';
import { createStack } from '../support/stack.js';
import { startWebhookSink } from '../support/webhook-sink.js';

export interface PipelineJson {
  ratio: number;
  per_s: number;
  floor_per_s: number;
  accounts: number;
  failed: number;
  floor_failed: number;
  /** ledgersync only: every `created` webhook delivered (the floor only enqueues one). */
  webhooks_delivered: number;
  webhooks_per_s: number;
}

/** A provider that never throttles: the pipeline is measured, not the provider's limits. */
export const UNLIMITED_QUICKBOOKS = { requestsPerMinute: 1_000_000_000, maxConcurrent: 1_000_000 };

/**
 * Drains a backlog of pending accounts to the QuickBooks fake: ledgersync's worker process (as
 * `pnpm start:worker` runs it, default settings, a webhook endpoint subscribed) and then the floor,
 * each on its own connection and queue. Each starts idle with its queue paused; the clock starts
 * when the queue is resumed and stops at the last `synced_at`.
 */
export async function runPipeline(ctx: RunContext): Promise<ScenarioOutcome<PipelineJson>> {
  const count = ctx.quick ? 1_000 : 10_000;
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench', quickbooks: UNLIMITED_QUICKBOOKS });
  const sink = await startWebhookSink();
  const floorQueues = createQueues(stack.redis, { ...DEFAULT_QUEUE_SETTINGS, prefix: `${stack.prefix}:floor` });
  try {
    const tenant = await createTenant(stack, fakes, { provider: 'quickbooks', webhookUrl: sink.url, rateLimits: UNLIMITED_CONNECTION });
    const floorTenant = await createTenant(stack, fakes, { provider: 'quickbooks' });
    ctx.progress(`pipeline: queueing ${count} pending accounts for each`);
    await stack.queues.push.pause();
    // With their connection, as the intake enqueues them: past 50 a minute, the slow lane.
    const ids = await insertPendingAccounts(stack, tenant, count);
    await enqueuePushes(
      stack.queues,
      ids.map((id) => ({ id, connectionId: tenant.connectionId })),
    );
    await floorQueues.push.pause();
    const floorIds = await insertPendingAccounts(stack, floorTenant, count);
    for (let start = 0; start < floorIds.length; start += 1_000) {
      await floorQueues.push.addBulk(
        floorIds.slice(start, start + 1_000).map((id) => ({ name: 'push', data: { object: 'account', id }, opts: { jobId: id } })),
      );
    }

    ctx.progress('pipeline: ledgersync worker draining');
    const worker = await startService({
      name: 'pipeline-worker',
      entry: ENTRIES.worker,
      env: stack.env(),
      readyWhen: 'workers started',
      outDir: ctx.outDir,
      profileDir: ctx.profileDir,
    });
    const started = Date.now();
    await stack.queues.push.resume();
    const ours = await waitForCounts(stack, tenant.connectionId, (c) => c.synced + c.failed >= count, 600_000);
    const webhookDeadline = Date.now() + 60_000;
    while (sink.received < ours.counts.synced && Date.now() < webhookDeadline) await sleep(100);
    const webhooksDone = sink.lastAt;
    const problems = errorLines(worker);
    await worker.stop();
    if (problems.length > 0) ctx.progress(`pipeline: the worker logged errors:\n${problems.join('\n')}`);

    ctx.progress('pipeline: floor worker draining');
    const floor = await startService({
      name: 'pipeline-floor',
      entry: ENTRIES.pipelineFloor,
      env: {
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL,
        QUEUE_PREFIX: `${stack.prefix}:floor`,
        FLOOR_PROVIDER_URL: `${floorTenant.baseUrl}/v3/company/${floorTenant.tenantId}`,
        FLOOR_ACCESS_TOKEN: floorTenant.accessToken,
        // ledgersync's default PUSH_CONCURRENCY.
        FLOOR_CONCURRENCY: '20',
      },
      readyWhen: 'floor ready',
      outDir: ctx.outDir,
      profileDir: ctx.profileDir,
    });
    const floorStarted = Date.now();
    await floorQueues.push.resume();
    const theirs = await waitForCounts(stack, floorTenant.connectionId, (c) => c.synced + c.failed >= count, 600_000);
    await floor.stop();

    const perS = count / ((ours.counts.lastSyncedAt - started) / 1000);
    const floorPerS = count / ((theirs.counts.lastSyncedAt - floorStarted) / 1000);
    const json: PipelineJson = {
      ratio: round(perS / floorPerS),
      per_s: Math.round(perS),
      floor_per_s: Math.round(floorPerS),
      accounts: count,
      failed: ours.counts.failed + (ours.timedOut ? count - ours.counts.synced : 0),
      floor_failed: theirs.counts.failed + (theirs.timedOut ? count - theirs.counts.synced : 0),
      webhooks_delivered: sink.received,
      webhooks_per_s: Math.round(sink.received / ((webhooksDone - started) / 1000)),
    };
    return {
      json,
      rows: [
        {
          scenario: 'pipeline',
          metric: `accounts/s (${count} pending)`,
          ledgersync: `${json.per_s}`,
          floor: `${json.floor_per_s}`,
          ratio: json.ratio,
          goal: '≥ 1.0× floor',
          met: json.ratio >= 1 && json.failed === 0,
        },
      ],
      chart: [
        {
          label: 'pipeline accounts/s',
          unit: 'accounts/s',
          ledgersync: json.per_s,
          floor: json.floor_per_s,
          floorName: 'bare BullMQ worker',
          lowerIsBetter: false,
        },
      ],
    };
  } finally {
    await floorQueues.close();
    await sink.close();
    await fakes.close();
    await stack.close();
  }
}
