import { startFakeProviders } from '@ledgersync/fake-providers';
import { type RunContext, round, type ScenarioOutcome } from '../support/context.js';
import { exampleAccountBody } from '@ledgersync/unified';
import { createSyncedParent, createTenant } from '../support/fixtures.js';
import { combine, type LoadResult, postLoad } from '../support/load.js';
import { ENTRIES, freePort, startService } from '../support/processes.js';
import { REDIS_URL } from '../support/services.js';
import { createStack } from '../support/stack.js';

export interface IntakeJson {
  ratio: number;
  p99_ratio: number;
  rps: number;
  floor_rps: number;
  p50_ms: number;
  p99_ms: number;
  floor_p50_ms: number;
  floor_p99_ms: number;
  connections: number;
  duration_s: number;
  failed: number;
  floor_failed: number;
}

const CONNECTIONS = 50;

/**
 * `POST /accounting/accounts` with the seed's body, 50 connections, against the API process as
 * `pnpm start:api` runs it (logging at info to a file), then against the floor. The two run in
 * turns, A B B A, each half the duration, so a burst of load from elsewhere hits both alike.
 */
export async function runIntake(ctx: RunContext): Promise<ScenarioOutcome<IntakeJson>> {
  const durationS = ctx.quick ? 4 : 10;
  const stack = await createStack(ctx.template);
  const fakes = await startFakeProviders({ secret: 'bench' });
  const services = [];
  try {
    const tenant = await createTenant(stack, fakes, { provider: 'quickbooks' });
    const parent = await createSyncedParent(stack, tenant);
    const floorTenant = await createTenant(stack, fakes, { provider: 'quickbooks' });
    const floorParent = await createSyncedParent(stack, floorTenant);
    const [apiPort, floorPort] = [await freePort(), await freePort()];
    ctx.progress('intake: starting the API and the floor');
    const [api, floor] = await Promise.all([
      startService({
        name: 'intake-api',
        entry: ENTRIES.api,
        env: stack.env({ PORT: String(apiPort), HOST: '127.0.0.1' }),
        readyWhen: 'ledgersync API ready',
        outDir: ctx.outDir,
        profileDir: ctx.profileDir,
      }),
      startService({
        name: 'intake-floor',
        entry: ENTRIES.intakeFloor,
        env: {
          DATABASE_URL: stack.databaseUrl,
          REDIS_URL,
          QUEUE_PREFIX: `${stack.prefix}:floor`,
          FLOOR_PROJECT_ID: floorTenant.projectId,
          FLOOR_CONNECTION_ID: floorTenant.connectionId,
          PORT: String(floorPort),
        },
        readyWhen: 'floor ready',
        outDir: ctx.outDir,
        profileDir: ctx.profileDir,
      }),
    ]);
    services.push(api, floor);

    const targets = {
      ledgersync: {
        url: `http://127.0.0.1:${apiPort}/accounting/accounts`,
        headers: { 'x-api-key': tenant.apiKey, 'x-connection-token': tenant.connectionToken },
        body: () => exampleAccountBody(parent.id),
        counter: { n: 0 },
      },
      floor: {
        url: `http://127.0.0.1:${floorPort}/accounting/accounts`,
        headers: {},
        body: () => exampleAccountBody(floorParent.id),
        counter: { n: 0 },
      },
    };
    const run = (name: keyof typeof targets, seconds: number) => {
      const { counter, ...target } = targets[name];
      return postLoad({ ...target, connections: CONNECTIONS, durationS: seconds }, counter);
    };
    // Warm-up (JIT, pools, Postgres caches), not counted.
    ctx.progress('intake: warming up');
    await run('ledgersync', 2);
    await run('floor', 2);
    const runs: Record<keyof typeof targets, LoadResult[]> = { ledgersync: [], floor: [] };
    for (const name of ['ledgersync', 'floor', 'floor', 'ledgersync'] as const) {
      ctx.progress(`intake: ${name} for ${durationS / 2} s`);
      runs[name].push(await run(name, durationS / 2));
    }
    const ours = combine(runs.ledgersync);
    const theirs = combine(runs.floor);
    const json: IntakeJson = {
      ratio: round(ours.rps / theirs.rps),
      p99_ratio: round(ours.p99Ms / theirs.p99Ms),
      rps: Math.round(ours.rps),
      floor_rps: Math.round(theirs.rps),
      p50_ms: round(ours.p50Ms, 1),
      p99_ms: round(ours.p99Ms, 1),
      floor_p50_ms: round(theirs.p50Ms, 1),
      floor_p99_ms: round(theirs.p99Ms, 1),
      connections: CONNECTIONS,
      duration_s: durationS,
      failed: ours.failed,
      floor_failed: theirs.failed,
    };
    return {
      json,
      rows: [
        {
          scenario: 'intake',
          metric: 'requests/s',
          ledgersync: `${json.rps}`,
          floor: `${json.floor_rps}`,
          ratio: json.ratio,
          goal: '≥ 1.0× floor',
          met: json.ratio >= 1 && json.failed === 0,
        },
        {
          scenario: 'intake',
          metric: 'p99 latency',
          ledgersync: `${json.p99_ms} ms`,
          floor: `${json.floor_p99_ms} ms`,
          ratio: json.p99_ratio,
          goal: 'p99 ≤ 1.5× floor',
          met: json.p99_ratio <= 1.5,
        },
      ],
      chart: [
        {
          label: 'intake requests/s',
          unit: 'req/s',
          ledgersync: json.rps,
          floor: json.floor_rps,
          floorName: 'bare Fastify + INSERT + queue.add',
          lowerIsBetter: false,
        },
        {
          label: 'intake p99',
          unit: 'ms',
          ledgersync: json.p99_ms,
          floor: json.floor_p99_ms,
          floorName: 'bare Fastify + INSERT + queue.add',
          lowerIsBetter: true,
        },
      ],
    };
  } finally {
    await Promise.all(services.map((service) => service.stop()));
    await fakes.close();
    await stack.close();
  }
}
