import { startFakeProviders } from '@ledgersync/fake-providers';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { createTenant, enqueuePushes, insertPendingAccounts, interleave, type Tenant } from '../support/fixtures.js';
import { ENTRIES, errorLines, type Service, startService } from '../support/processes.js';
import { createStack } from '../support/stack.js';

export interface RateLimitJson {
  /**
   * Achieved rate ÷ allowed rate, mean over connections: k windows' worth of pushes (k × limit)
   * over the time from a connection's first push to the one that opens window k + 1.
   */
  use: number;
  /** The least-served connection's use. */
  use_min: number;
  /** 429s the provider answered, over the whole run. */
  http_429: number;
  connections: number;
  accounts_per_connection: number;
  /** The limit measured against, e.g. "60/min" (or the shorter window of --quick). */
  limit: string;
  measured_windows: number;
  /** Pushes in each measured window, summed over connections (a full window is limit × connections). */
  pushed_per_window: number[];
  worker_processes: number;
}

const CONNECTIONS = 10;
const PER_CONNECTION = 600;
const WORKER_PROCESSES = 2;

/**
 * Ten Xero connections, 600 pending accounts each, drained by two worker processes against the
 * Xero fake, which enforces Xero's real limits (60/min per tenant in fixed windows, 5 in flight,
 * 5,000/day) and answers 429 beyond them. Use is the rate achieved over k windows: the time a
 * connection took, from its first push, to push k × limit and open window k + 1, against k
 * periods. A full run measures two one-minute windows; --quick
 * gives each connection the same rate over a six times shorter window (10/10 s, set as the
 * connection's own limit, as `ledgersync connections limits --rate-limit 10/10s` would) and
 * measures three of them; the fake still enforces its 60/min.
 */
export async function runRateLimit(ctx: RunContext): Promise<ScenarioOutcome<RateLimitJson>> {
  const window = ctx.quick ? { limit: 10, periodMs: 10_000 } : { limit: 60, periodMs: 60_000 };
  const windows = ctx.quick ? 3 : 2;
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench' });
  const workers: Service[] = [];
  try {
    const rateLimits = ctx.quick ? { windows: [window, { limit: 5_000, periodMs: 86_400_000 }] } : undefined;
    const tenants: Tenant[] = [];
    for (let i = 0; i < CONNECTIONS; i++)
      tenants.push(await createTenant(stack, fakes, { provider: 'xero', ...(rateLimits ? { rateLimits } : {}) }));
    ctx.progress(`rate-limit: queueing ${PER_CONNECTION} accounts on each of ${CONNECTIONS} connections`);
    await stack.queues.push.pause();
    const ids = [];
    for (const tenant of tenants) {
      const mine = await insertPendingAccounts(stack, tenant, PER_CONNECTION);
      ids.push(mine.map((id) => ({ id, connectionId: tenant.connectionId })));
    }
    // Interleaved, as many tenants submitting at once would leave them; with their connection, as
    // the intake enqueues them.
    await enqueuePushes(stack.queues, interleave(ids));
    const started = await Promise.all(
      Array.from({ length: WORKER_PROCESSES }, (_, i) =>
        startService({
          name: `rate-limit-worker-${i + 1}`,
          entry: ENTRIES.worker,
          env: stack.env(),
          readyWhen: 'workers started',
          outDir: ctx.outDir,
          profileDir: ctx.profileDir,
        }),
      ),
    );
    workers.push(...started);
    await stack.queues.push.resume();

    const requests = fakes.fakes.xero.requests;
    const pushesOf = (tenant: Tenant) =>
      requests
        .filter(
          (r) => r.method === 'PUT' && r.path.endsWith('/Accounts') && r.status === 200 && r.headers['xero-tenant-id'] === tenant.tenantId,
        )
        .map((r) => r.at);
    // The push that opens window k + 1 ends the measurement: k windows' worth (k × limit) went
    // through between a connection's first push and that one. A connection that never gets there
    // is measured over k + ½ windows instead.
    const target = windows * window.limit + 1;
    const spanMs = (windows + 0.5) * window.periodMs;
    ctx.progress(`rate-limit: measuring ${windows} windows of ${window.limit}/${window.periodMs / 1000} s per connection`);
    const deadline = Date.now() + spanMs + 120_000;
    for (;;) {
      const pending = tenants.filter((tenant) => {
        const mine = pushesOf(tenant);
        return mine.length < target && (mine.length === 0 || Date.now() < (mine[0] ?? 0) + spanMs);
      });
      if (pending.length === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    for (const worker of workers) {
      const problems = errorLines(worker);
      if (problems.length > 0) ctx.progress(`rate-limit: ${worker.name} logged errors:\n${problems.join('\n')}`);
    }
    await Promise.all(workers.map((worker) => worker.stop()));

    const perWindow = Array.from({ length: windows }, () => 0);
    const uses = tenants.map((tenant) => {
      const mine = pushesOf(tenant).sort((a, b) => a - b);
      const first = mine[0] ?? 0;
      for (const at of mine) {
        const index = Math.floor((at - first) / window.periodMs);
        if (index < windows) perWindow[index] = (perWindow[index] ?? 0) + 1;
      }
      const opener = mine[target - 1];
      // Achieved rate ÷ allowed rate: (pushes ÷ time) ÷ (limit ÷ period).
      if (opener !== undefined) return ((target - 1) / (opener - first)) * (window.periodMs / window.limit);
      const within = mine.filter((at) => at < first + spanMs).length;
      return (within / spanMs) * (window.periodMs / window.limit);
    });
    const json: RateLimitJson = {
      use: round(uses.reduce((sum, use) => sum + use, 0) / CONNECTIONS, 3),
      use_min: round(Math.min(...uses), 3),
      http_429: requests.filter((r) => r.status === 429).length,
      connections: CONNECTIONS,
      accounts_per_connection: PER_CONNECTION,
      limit: ctx.quick ? '10/10s' : '60/min',
      measured_windows: windows,
      pushed_per_window: perWindow,
      worker_processes: WORKER_PROCESSES,
    };
    const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
    return {
      json,
      rows: [
        {
          scenario: 'rate-limit use',
          metric: `of ${json.limit} × ${CONNECTIONS} connections`,
          ledgersync: `${pct(json.use)} (min ${pct(json.use_min)})`,
          floor: '100 % (the limit)',
          ratio: json.use,
          goal: '≥ 95 %',
          met: json.use >= 0.95,
        },
        {
          scenario: 'rate-limit use',
          metric: '429s from the provider',
          ledgersync: `${json.http_429}`,
          floor: '—',
          goal: '0',
          met: json.http_429 === 0,
        },
      ],
      chart: [
        {
          label: 'rate-limit use',
          unit: '% of limit',
          ledgersync: round(json.use * 100, 1),
          floor: 100,
          floorName: 'the limit',
          lowerIsBetter: false,
        },
      ],
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await fakes.close();
    await stack.close();
  }
}
