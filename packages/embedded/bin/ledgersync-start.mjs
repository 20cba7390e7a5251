#!/usr/bin/env node
// `pnpm start`. With neither DATABASE_URL nor REDIS_URL set, the embedded mode: API, worker and
// sandbox in one process on PGlite, nothing to install. Otherwise the server mode: the API and a
// worker as two processes on PostgreSQL and Redis (the root `start:services` script).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const embedded = !process.env.DATABASE_URL && !process.env.REDIS_URL;
let command;
let args;
if (embedded) {
  // In a checkout with dev dependencies, the TypeScript sources through tsx; else the build.
  const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    tsx = undefined;
  }
  command = process.execPath;
  args = tsx && existsSync(source) ? ['--conditions=@ledgersync/source', '--import', tsx, source] : [built];
} else {
  process.stdout.write(
    'ledgersync: server mode (PostgreSQL at DATABASE_URL, Redis at REDIS_URL; API and worker as two processes)\n' +
      '  Unset both DATABASE_URL and REDIS_URL to run everything in one process with nothing installed.\n\n',
  );
  command = process.env.npm_execpath ? process.execPath : 'pnpm';
  args = [...(process.env.npm_execpath ? [process.env.npm_execpath] : []), '-s', 'start:services'];
}

// The server mode runs a tree (pnpm, concurrently, the API, the worker) in a process group of its
// own, so that a signal to this process reaches all of it: pnpm does not pass a SIGTERM on to its
// children. The embedded server stays in this group and stops its queue process itself.
const child = spawn(command, args, { stdio: 'inherit', detached: !embedded });
const forward = (signal) => {
  if (embedded) child.kill(signal);
  else if (child.pid) process.kill(-child.pid, signal);
};
// In the embedded mode Ctrl-C already reaches the server (same process group): passing it on would
// make it a second signal, which means "exit now". The server mode's group needs it passed on.
process.on('SIGINT', () => embedded || forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
