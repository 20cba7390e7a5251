import { startFakeProviders } from '@ledgersync/fake-providers';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { createTenant, enqueuePushes, insertPendingAccounts, UNLIMITED_CONNECTION } from '../support/fixtures.js';
import { ENTRIES, startService } from '../support/processes.js';
import { waitForCounts } from '../support/progress.js';
import { type BenchRedis, createStack, type Stack } from '../support/stack.js';
import { startWebhookSink } from '../support/webhook-sink.js';
import { UNLIMITED_QUICKBOOKS } from './pipeline.js';

export interface BacklogSize {
  pending: number;
  /** Push time per account over the first `sample` accounts pushed, with the backlog behind them. */
  push_ms_per_account: number;
  /** Redis memory of the queue (every key under the prefix) per queued account. */
  redis_bytes_per_account: number;
  /** What enqueueing cost per job (the product's enqueuePush, 200 at once) with that many already queued. */
  enqueue_us_per_account: number;
  /** A sampled job's payload, and whether every sampled payload is `{object, id}` alone. */
  payload: string;
  payload_ids_only: boolean;
}

export interface BacklogJson {
  sizes: BacklogSize[];
  sample: number;
  /** Largest ÷ smallest push time per account across the sizes: 1.0 is flat. */
  flatness: number;
  payload_ids_only: boolean;
}

/**
 * Pending backlogs of growing size on one QuickBooks connection (fake and connection unlimited):
 * what each queued account costs Redis, what its job carries, and whether pushing slows down as
 * the backlog grows. Each size gets a fresh database and queue.
 */
export async function runBacklog(ctx: RunContext): Promise<ScenarioOutcome<BacklogJson>> {
  const sizes = ctx.quick ? [1_000, 5_000, 20_000] : [1_000, 10_000, 100_000];
  const sample = ctx.quick ? 400 : 1_000;
  const results: BacklogSize[] = [];
  for (const pending of sizes) {
    ctx.progress(`backlog: ${pending} pending`);
    results.push(await measureSize(ctx, pending, sample));
  }
  const times = results.map((r) => r.push_ms_per_account);
  const json: BacklogJson = {
    sizes: results,
    sample,
    flatness: round(Math.max(...times) / Math.min(...times)),
    payload_ids_only: results.every((r) => r.payload_ids_only),
  };
  const smallest = results[0];
  const largest = results[results.length - 1];
  return {
    json,
    rows: [
      {
        scenario: 'backlog',
        metric: `push ms/account at ${sizes.map((n) => n.toLocaleString('en')).join(' / ')}`,
        ledgersync: times.map((t) => round(t, 2)).join(' / '),
        floor: '—',
        ratio: json.flatness,
        goal: 'flat (largest ÷ smallest ≤ 1.25)',
        met: json.flatness <= 1.25,
      },
      {
        scenario: 'backlog',
        metric: 'Redis bytes per queued account',
        ledgersync: results.map((r) => Math.round(r.redis_bytes_per_account)).join(' / '),
        floor: '—',
        goal: 'ids-only payloads',
        met: json.payload_ids_only && (largest?.redis_bytes_per_account ?? 0) <= 1.25 * (smallest?.redis_bytes_per_account ?? 0),
      },
    ],
    chart: [],
  };
}

async function measureSize(ctx: RunContext, pending: number, sample: number): Promise<BacklogSize> {
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench', quickbooks: UNLIMITED_QUICKBOOKS });
  const sink = await startWebhookSink();
  try {
    const tenant = await createTenant(stack, fakes, { provider: 'quickbooks', webhookUrl: sink.url, rateLimits: UNLIMITED_CONNECTION });
    await stack.queues.push.pause();
    const ids = await insertPendingAccounts(stack, tenant, pending);
    // The bulk load would otherwise set autovacuum off in the middle of the measurement; rows
    // that arrive through the intake over time are vacuumed as they come.
    await stack.database.sql`vacuum analyze accounts`;
    const enqueueStarted = process.hrtime.bigint();
    // With their connection, as the intake enqueues them: past 50 a minute, the slow lane.
    await enqueuePushes(
      stack.queues,
      ids.map((id) => ({ id, connectionId: tenant.connectionId })),
    );
    const enqueueUs = Number(process.hrtime.bigint() - enqueueStarted) / 1000 / pending;
    const bytes = await prefixMemory(stack.redis, stack.prefix);
    const payloads = await samplePayloads(stack, ids);

    const worker = await startService({
      name: `backlog-${pending}-worker`,
      entry: ENTRIES.worker,
      env: stack.env(),
      readyWhen: 'workers started',
      outDir: ctx.outDir,
      profileDir: ctx.profileDir,
    });
    try {
      await stack.queues.push.resume();
      await waitForCounts(stack, tenant.connectionId, (c) => c.synced + c.failed >= sample, 300_000);
    } finally {
      await worker.stop();
    }
    // The sample's own span, from its first push to its last: the worker's start-up is left out.
    const [span] = await stack.database.sql<{ first: number; last: number; n: number }[]>`
      select (extract(epoch from min(synced_at)) * 1000)::float8 as first, (extract(epoch from max(synced_at)) * 1000)::float8 as last, count(*)::int as n
      from (select synced_at from accounts where connection_id = ${tenant.connectionId} and synced_at is not null order by synced_at limit ${sample}) s`;
    const pushMs = span && span.n > 1 ? (span.last - span.first) / (span.n - 1) : Number.NaN;
    return {
      pending,
      push_ms_per_account: round(pushMs, 3),
      redis_bytes_per_account: round(bytes / pending, 1),
      enqueue_us_per_account: round(enqueueUs, 1),
      payload: payloads.example,
      payload_ids_only: payloads.idsOnly,
    };
  } finally {
    await sink.close();
    await fakes.close();
    await stack.close();
  }
}

/** Bytes Redis holds under the prefix (MEMORY USAGE of every key, sampling nested values fully). */
async function prefixMemory(redis: BenchRedis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [error, size] of (await pipeline.exec()) ?? []) if (!error) total += Number(size ?? 0);
  } while (cursor !== '0');
  return total;
}

/** The `data` of 100 jobs spread over the backlog: ids only, or more? */
async function samplePayloads(stack: Stack, ids: readonly string[]): Promise<{ example: string; idsOnly: boolean }> {
  const step = Math.max(1, Math.floor(ids.length / 100));
  const picked = ids.filter((_, i) => i % step === 0).slice(0, 100);
  const pipeline = stack.redis.pipeline();
  for (const id of picked) pipeline.hget(`${stack.prefix}:push:${id}`, 'data');
  const datas = ((await pipeline.exec()) ?? []).map(([, value]) => String(value));
  const idsOnly = datas.every((data) => {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    return Object.keys(parsed).sort().join() === 'id,object' && typeof parsed.id === 'string' && parsed.object === 'account';
  });
  return { example: datas[0] ?? '', idsOnly };
}
