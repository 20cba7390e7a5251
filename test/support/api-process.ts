import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';
import { collectLines } from './process-output.js';

const server = fileURLToPath(new URL('../../apps/api/src/server.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

export interface ApiProcess {
  child: ChildProcess;
  /** Every log line it wrote (pino JSON). */
  lines: string[];
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * A real API process (`apps/api/src/server.ts`, as `pnpm start:api` runs it), configured only
 * through its environment. Resolves once it has started or exited, whichever comes first.
 */
export async function spawnApi(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--conditions=@ledgersync/source', '--import', tsx, server], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = collectLines(child);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  await waitFor('the API to start or exit', () => child.exitCode !== null || lines.some((line) => line.includes('ledgersync API ready')), 30_000);
  return {
    child,
    lines,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
