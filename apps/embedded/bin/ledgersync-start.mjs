#!/usr/bin/env node
// `pnpm start`. With neither DATABASE_URL nor REDIS_URL set, the embedded mode: API, worker and
// sandbox in one process on PGlite, nothing to install. Otherwise (or with --services, the root
// `start:services` script) the server mode: the API and a worker as two processes on PostgreSQL
// and Redis.
//
// This file reads no setting: the embedded entry (src/main.ts) parses them, as every process does,
// and when they select the server mode it says so over the IPC channel and exits; the API and the
// worker are then started in its place. So the mode is decided in one place, from the parsed
// settings, and the default (embedded) start costs no extra process.
//
// This process owns the tree and is what makes stopping it work (see "Stopping" in README.md):
// - The root script execs it (`exec node ...`), so pnpm's child is this process, not a shell: the
//   SIGTERM pnpm passes on reaches it, and pnpm exits as it does, 0 after a clean stop.
// - It starts every process itself with node (TypeScript through `--import tsx`, not the tsx
//   command, which passes signals on once more), with an IPC channel.
// - A stop is asked over that channel, never with a signal: a child may also have the signal
//   itself (Ctrl-C reaches the whole process group), and a second signal means "exit now".
// - Any child that ends, for whatever reason, stops the others: SIGTERM to any process of the
//   tree stops all of it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Spelled as packages/runtime/src/shutdown.ts spells them: this file runs before any TypeScript.
const STOPPABLE = 'ledgersync:stoppable';
const STOP = 'ledgersync:stop';
const EXIT_NOW = 'ledgersync:exit-now';
const SERVER_MODE = 'ledgersync:server-mode';
// pnpm passes on the Ctrl-C the terminal also sent here: a signal this soon after the first one
// is that copy, not the user insisting.
const SAME_STOP_MS = 1_000;

const forceServices = process.argv.includes('--services');

let tsx;
try {
  tsx = import.meta.resolve('tsx');
} catch {
  tsx = undefined;
}
/** In a checkout with dev dependencies, the TypeScript sources through tsx's loader; else the build. */
function nodeArgs(sourcePath, builtPath) {
  const source = fileURLToPath(new URL(sourcePath, import.meta.url));
  if (tsx && existsSync(source)) return ['--conditions=@ledgersync/source', '--import', tsx, source];
  return [fileURLToPath(new URL(builtPath, import.meta.url))];
}

const embeddedEntry = { name: 'ledgersync', args: nodeArgs('../src/main.ts', '../dist/main.js') };
const serverMode = [
  { name: 'api', args: nodeArgs('../../api/src/server.ts', '../../api/dist/server.js') },
  { name: 'worker', args: nodeArgs('../../worker/src/main.ts', '../../worker/dist/main.js') },
];

/** The processes of the tree; one handed over to the server mode has left it. */
const running = [];

function start(service) {
  const child = spawn(process.execPath, service.args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const entry = { ...service, child, stoppable: false, exit: undefined };
  running.push(entry);
  child.on('message', (message) => {
    if (message?.type === SERVER_MODE) return handOver(entry);
    if (message?.type !== STOPPABLE) return;
    entry.stoppable = true;
    // Asked to stop while it was starting: ask again now that it listens.
    if (stopping) tell(entry, STOP, stopping.signal);
  });
  child.on('exit', (code, signal) => {
    entry.exit = { code, signal };
    // Handed over: its exit is the expected one, and the server mode's processes run on.
    if (!entry.handedOver) stopAll(signal ?? 'SIGTERM');
    if (running.every((other) => other.exit)) process.exit(exitCode());
  });
}

/** The embedded entry read settings that select the server mode: the API and a worker run instead. */
function handOver(entry) {
  entry.handedOver = true;
  running.splice(running.indexOf(entry), 1);
  // Its cue to exit: it waits for this, so its exit cannot be seen before its message.
  entry.child.disconnect();
  // Stopped before the mode was known: nothing more to start.
  if (stopping) return;
  startServerMode();
}

function startServerMode() {
  process.stdout.write(
    'ledgersync: server mode (PostgreSQL at DATABASE_URL, Redis at REDIS_URL; API and worker as two processes)\n' +
      '  Unset both DATABASE_URL and REDIS_URL to run everything in one process with nothing installed.\n\n',
  );
  for (const service of serverMode) start(service);
}

let stopping; // { signal, at }
function tell(entry, type, signal) {
  if (entry.exit || !entry.child.connected) return;
  // Still starting, it has no handler yet, and a signal stops it as Node does by default.
  if (!entry.stoppable) entry.child.kill(signal);
  else entry.child.send({ type, signal });
}
function stopAll(signal) {
  if (stopping) return;
  stopping = { signal, at: Date.now() };
  for (const entry of running) tell(entry, STOP, signal);
}
function onSignal(signal) {
  if (!stopping) return stopAll(signal);
  if (Date.now() - stopping.at < SAME_STOP_MS) return;
  for (const entry of running) tell(entry, EXIT_NOW, signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// The terminal went away: stop as for SIGTERM.
process.on('SIGHUP', () => onSignal('SIGTERM'));

/** 0 when every process stopped cleanly, or was stopped by the signal it was sent; else the first failure. */
function exitCode() {
  for (const { exit } of running) {
    if (exit.code) return exit.code;
    if (exit.signal && !(stopping && (exit.signal === 'SIGINT' || exit.signal === 'SIGTERM'))) return 1;
  }
  return 0;
}

if (forceServices) startServerMode();
else start(embeddedEntry);
