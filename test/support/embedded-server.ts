import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

// `pnpm start` with nothing configured, as the root script runs it (the launcher), for tests that
// drive it from other processes the way a user's second terminal does.
const launcher = fileURLToPath(new URL('../../apps/embedded/bin/ledgersync-start.mjs', import.meta.url));

export interface StartedServer {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** Starts the launcher with `env` only; resolves once its banner says where the API is. */
export async function startEmbeddedServer(env: Record<string, string | undefined>): Promise<StartedServer> {
  const child = spawn(process.execPath, [launcher], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = await Promise.race([
    waitFor('the start-up banner', () => /embedded mode, API at (\S+)/.exec(output)?.[1], 150_000),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`pnpm start exited with ${code} before serving:\n${output}`))),
  ]);
  return { child, url, output: () => output };
}

/** SIGTERM to the launcher's PID, as Ctrl-C's sibling; SIGKILL if it has not exited in 40 s. */
export async function stopEmbeddedServer(started: StartedServer): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const killer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 40_000);
  await exited;
  clearTimeout(killer);
}

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
