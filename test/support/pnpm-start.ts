import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface PnpmStart {
  /** The `pnpm` process itself, as a terminal, `timeout` or a supervisor holds it. */
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Every process of its tree (pnpm and its descendants), as `ps` lists them now. */
  tree(): { pid: number; command: string }[];
  /** Resolves with pnpm's exit code (null when a signal ended it) and the signal. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/**
 * `pnpm start` in the checkout, in a process group of its own as a shell gives a job, so that a
 * test can send the group what Ctrl-C sends a terminal's foreground job.
 */
export async function pnpmStart(env: Record<string, string | undefined>, ready: (output: string) => boolean): Promise<PnpmStart> {
  const child = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const pid = child.pid ?? -1;
  await Promise.race([
    waitFor('pnpm start to serve', () => ready(output), 150_000),
    exited.then(([code]) => Promise.reject(new Error(`pnpm start exited with ${code} before serving:\n${output}`))),
  ]);
  return { child, pid, output: () => output, tree: () => [{ pid, command: 'pnpm start' }, ...descendants(pid)], exited };
}

/** Every process below `pid` (children, theirs, ...), from one `ps` listing. */
export function descendants(pid: number): { pid: number; command: string }[] {
  const listed = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = listed
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), command: match[3] ?? '' }));
  const found: { pid: number; command: string }[] = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends, one by one, what is left of a tree a test started (a failed test leaves it running). */
export function killLeftovers(pids: number[]): void {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}
