import { startFakeProviders } from '@ledgersync/fake-providers';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { createSyncedParent, createTenant, nthSeedBody, UNLIMITED_CONNECTION } from '../support/fixtures.js';
import { combine, type LoadResult, postLoad } from '../support/load.js';
import { ENTRIES, freePort, type Service, startService } from '../support/processes.js';
import { createStack } from '../support/stack.js';
import { startWebhookSink } from '../support/webhook-sink.js';
import { UNLIMITED_QUICKBOOKS } from './pipeline.js';

export interface SlowProviderJson {
  provider_latency_ms: number;
  /** ledgersync's intake p99 while its worker pushes to the 300 ms provider. */
  p99_ms: number;
  /** The same, while the worker pushes to a provider answering at once. */
  p99_fast_provider_ms: number;
  /** p99_ms ÷ p99_fast_provider_ms: 1.0 is "unaffected". */
  p99_ratio: number;
  /** The synchronous (Panora-style) handler's p99 against the 300 ms provider. */
  sync_p99_ms: number;
  rps: number;
  sync_rps: number;
  failed: number;
  sync_failed: number;
}

const CONNECTIONS = 50;
const LATENCY_MS = 300;

/**
 * The provider answers in 300 ms. ledgersync's intake (API and worker processes running, the
 * worker pushing what arrives) is loaded like the intake scenario, first with the provider
 * answering at once, then at 300 ms; beside it, a handler that calls the provider inside the
 * request, as Panora's does.
 */
export async function runSlowProvider(ctx: RunContext): Promise<ScenarioOutcome<SlowProviderJson>> {
  const durationS = ctx.quick ? 4 : 10;
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench', quickbooks: UNLIMITED_QUICKBOOKS });
  const sink = await startWebhookSink();
  const services: Service[] = [];
  try {
    const tenant = await createTenant(stack, fakes, { provider: 'quickbooks', webhookUrl: sink.url, rateLimits: UNLIMITED_CONNECTION });
    const parent = await createSyncedParent(stack, tenant);
    const syncTenant = await createTenant(stack, fakes, { provider: 'quickbooks' });
    const syncParent = await createSyncedParent(stack, syncTenant);
    const [apiPort, syncPort] = [await freePort(), await freePort()];
    ctx.progress('slow-provider: starting the API, a worker and the synchronous handler');
    services.push(
      ...(await Promise.all([
        startService({
          name: 'slow-api',
          entry: ENTRIES.api,
          env: stack.env({ PORT: String(apiPort) }),
          readyWhen: 'ledgersync API ready',
          outDir: ctx.outDir,
          profileDir: ctx.profileDir,
        }),
        startService({
          name: 'slow-worker',
          entry: ENTRIES.worker,
          env: stack.env(),
          readyWhen: 'workers started',
          outDir: ctx.outDir,
          profileDir: ctx.profileDir,
        }),
        startService({
          name: 'slow-sync-handler',
          entry: ENTRIES.syncHandler,
          env: {
            DATABASE_URL: stack.databaseUrl,
            PORT: String(syncPort),
            FLOOR_PROJECT_ID: syncTenant.projectId,
            FLOOR_CONNECTION_ID: syncTenant.connectionId,
            FLOOR_PROVIDER_URL: `${syncTenant.baseUrl}/v3/company/${syncTenant.tenantId}`,
            FLOOR_ACCESS_TOKEN: syncTenant.accessToken,
            FLOOR_PARENT_REMOTE_ID: syncParent.remoteId,
          },
          readyWhen: 'floor ready',
          outDir: ctx.outDir,
          profileDir: ctx.profileDir,
        }),
      ])),
    );
    const ours = { n: 0 };
    const theirs = { n: 0 };
    const loadOurs = (seconds: number) =>
      postLoad(
        {
          url: `http://127.0.0.1:${apiPort}/accounting/accounts`,
          headers: { 'x-api-key': tenant.apiKey, 'x-connection-token': tenant.connectionToken },
          body: (n) => nthSeedBody(n, 'quickbooks', parent.id),
          connections: CONNECTIONS,
          durationS: seconds,
        },
        ours,
      );
    const loadSync = (seconds: number) =>
      postLoad(
        {
          url: `http://127.0.0.1:${syncPort}/accounting/accounts`,
          headers: {},
          body: (n) => nthSeedBody(n, 'quickbooks'),
          connections: CONNECTIONS,
          durationS: seconds,
        },
        theirs,
      );

    // The provider's latency toggles A B B A (at once, 300 ms, 300 ms, at once), each half the
    // duration, so load from elsewhere on the machine falls on both alike.
    const setLatency = (ms: number) =>
      fakes.quickbooks.injectRandomFaults({ faults: ms > 0 ? [{ fault: { kind: 'delay', ms }, probability: 1 }] : [] });
    ctx.progress('slow-provider: warming up');
    await loadOurs(2);
    const runs: Record<'fast' | 'slow', LoadResult[]> = { fast: [], slow: [] };
    for (const phase of ['fast', 'slow', 'slow', 'fast'] as const) {
      setLatency(phase === 'slow' ? LATENCY_MS : 0);
      ctx.progress(`slow-provider: ledgersync, provider answering ${phase === 'slow' ? `in ${LATENCY_MS} ms` : 'at once'}`);
      runs[phase].push(await loadOurs(durationS / 2));
    }
    const fast = combine(runs.fast);
    const slow = combine(runs.slow);
    setLatency(LATENCY_MS);
    ctx.progress(`slow-provider: synchronous handler, provider answering in ${LATENCY_MS} ms`);
    await loadSync(2);
    const sync = await loadSync(durationS);

    const json: SlowProviderJson = {
      provider_latency_ms: LATENCY_MS,
      p99_ms: round(slow.p99Ms, 1),
      p99_fast_provider_ms: round(fast.p99Ms, 1),
      p99_ratio: round(slow.p99Ms / fast.p99Ms),
      sync_p99_ms: round(sync.p99Ms, 1),
      rps: Math.round(slow.rps),
      sync_rps: Math.round(sync.rps),
      failed: slow.failed + fast.failed,
      sync_failed: sync.failed,
    };
    return {
      json,
      rows: [
        {
          scenario: 'slow provider',
          metric: `intake p99, provider at ${LATENCY_MS} ms vs at once`,
          ledgersync: `${json.p99_ms} ms`,
          floor: `${json.p99_fast_provider_ms} ms (at once)`,
          ratio: json.p99_ratio,
          goal: 'unaffected (≤ 1.5×)',
          met: json.p99_ratio <= 1.5 && json.failed === 0,
        },
        {
          scenario: 'slow provider',
          metric: 'intake p99 vs synchronous handler',
          ledgersync: `${json.p99_ms} ms, ${json.rps}/s`,
          floor: `${json.sync_p99_ms} ms, ${json.sync_rps}/s`,
          ratio: round(json.p99_ms / json.sync_p99_ms),
          goal: '—',
          met: undefined,
        },
      ],
      chart: [
        {
          label: 'p99 with a 300 ms provider',
          unit: 'ms',
          ledgersync: json.p99_ms,
          floor: json.sync_p99_ms,
          floorName: 'synchronous handler',
          lowerIsBetter: true,
        },
      ],
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await sink.close();
    await fakes.close();
    await stack.close();
  }
}
