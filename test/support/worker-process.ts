import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { collectLines } from './process-output.js';

const main = fileURLToPath(new URL('../../apps/worker/src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

export interface WorkerProcess {
  child: ChildProcess;
  /** Every log line it wrote (pino JSON). */
  lines: string[];
  /** SIGKILL: no cleanup, jobs left active with their locks. */
  kill(): Promise<void>;
  /** SIGTERM, and the exit code once it is gone. */
  stop(): Promise<number | null>;
}

/**
 * A real worker process (`apps/worker/src/main.ts`, as `pnpm start:worker` runs it), configured
 * only through its environment, so tests can kill it like an operator's machine would.
 */
export async function spawnWorker(env: Record<string, string>, options: { untilStarted?: boolean } = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--conditions=@ledgersync/source', '--import', tsx, main], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = collectLines(child);
  const exited = once(child, 'exit');

  // Ready when its workers have started (migrations done, connected), unless the test says not to wait.
  const deadline = Date.now() + 30_000;
  while (options.untilStarted !== false && !lines.some((line) => line.includes('workers started'))) {
    if (child.exitCode !== null) throw new Error(`worker exited at start:\n${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`worker did not start:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    lines,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
