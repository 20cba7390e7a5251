import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = import.meta.resolve('tsx');

/** The entry points the suite runs as processes: ledgersync's own, and the floors'. */
export const ENTRIES = {
  api: join(root, 'apps/api/src/server.ts'),
  worker: join(root, 'apps/worker/src/main.ts'),
  intakeFloor: join(root, 'bench/src/floors/intake-server.ts'),
  pipelineFloor: join(root, 'bench/src/floors/pipeline-worker.ts'),
  syncHandler: join(root, 'bench/src/floors/sync-server.ts'),
} as const;

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM and the exit (SIGKILL after 15 s): a profiled process writes its profile on the way out. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Names the log file and the profile. */
  name: string;
  entry: string;
  env: Record<string, string>;
  /** A line the process writes once it is ready to work. */
  readyWhen: string;
  /** Where the run keeps logs and profiles. */
  outDir: string;
  /** Write V8 CPU profiles (`--cpu-prof`) into `<profileDir>/<name>/` on exit. */
  profileDir?: string | undefined;
}

/**
 * Starts a process as an operator would (`node` with the TypeScript sources, configured by its
 * environment only), its output to a log file rather than a pipe the suite would have to drain.
 */
export async function startService(options: SpawnOptions): Promise<Service> {
  mkdirSync(options.outDir, { recursive: true });
  if (options.profileDir) mkdirSync(join(options.profileDir, options.name), { recursive: true });
  const logFile = join(options.outDir, `${options.name}.log`);
  const fd = openSync(logFile, 'w');
  // One folder per process: the module loader's thread writes a profile of its own beside the main one.
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, options.name)}`] : [];
  const child = spawn(process.execPath, ['--conditions=@ledgersync/source', '--import', tsx, ...profile, options.entry], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', fd, fd],
    cwd: root,
  });
  closeSync(fd);
  const exited = once(child, 'exit');
  const spawnedAt = Date.now();
  const deadline = Date.now() + 60_000;
  while (!readFileSync(logFile, 'utf8').includes(options.readyWhen)) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited at start:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not start:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await sleep(100);
  }
  // The profile summary leaves out start-up (module loading), which says nothing about the load.
  if (options.profileDir) writeFileSync(join(options.profileDir, options.name, 'ready-after-ms'), String(Date.now() - spawnedAt));
  return {
    name: options.name,
    child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the process to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** Lines of a service's log that report errors (pino level ≥ 50), for the run's sanity checks. */
export function errorLines(service: Service, limit = 5): string[] {
  return readFileSync(service.logFile, 'utf8')
    .split('\n')
    .filter((line) => /"level":(5|6)\d/.test(line) || /^\s*(Error|TypeError)/.test(line))
    .slice(0, limit);
}
