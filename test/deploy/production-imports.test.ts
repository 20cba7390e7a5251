import { buildApiDeps, loadApiEnv } from '@ledgersync/api';
import type { Keys } from '@ledgersync/runtime';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { staticModuleGraph } from './source-tree.js';

// The provider fakes are a development and test tool: a production API (SANDBOX off) must not
// load them. The entry's module graph is walked from its sources, following what Node evaluates
// at start (static imports), not `import()`, which runs only when the sandbox is on.
const fakes = (graph: Set<string>) => [...graph].filter((file) => file.startsWith('packages/fake-providers/'));

describe('what the production entries load', () => {
  it('the walk finds the fakes where they are a static import (the CLI sandbox command)', () => {
    expect(fakes(staticModuleGraph('apps/cli/src/commands/sandbox.ts'))).not.toEqual([]);
  });

  it.each(['apps/api/src/server.ts', 'apps/worker/src/main.ts'])('%s does not import the provider fakes', (entry) => {
    const graph = staticModuleGraph(entry);
    // Walked through the app and into the workspace packages it uses.
    expect(graph.size).toBeGreaterThan(20);
    expect(fakes(graph)).toEqual([]);
  });
});

describe('the sandbox, built with the API', () => {
  const keys = { cipher: {}, derive: (purpose: string) => `derived-${purpose}-key-of-32-characters` } as unknown as Keys;
  const services = {
    db: {} as never,
    queues: {} as never,
    keys,
    logger: pino({ level: 'silent' }),
    metrics: {} as never,
    health: async () => ({ database: true, redis: true }),
  };

  it('serves the fakes when SANDBOX is on (they are imported then)', async () => {
    const deps = await buildApiDeps(loadApiEnv({ NODE_ENV: 'production', SANDBOX: 'true', LEDGERSYNC_ENCRYPTION_KEY: 'x' }), services);
    expect(deps.sandbox?.plugin).toBeTypeOf('function');
  });

  it('leaves them out when it is off (production by default)', async () => {
    const deps = await buildApiDeps(loadApiEnv({ NODE_ENV: 'production' }), services);
    expect(deps.sandbox).toBeUndefined();
  });
});
