import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { DataFolder } from '@ledgersync/runtime';

export interface QueueProcess {
  socketPath: string;
  pid: number;
  /** Stops the queue's PGlite (it flushes to disk) and waits for its process to exit. */
  stop(): Promise<void>;
}

// Run from the TypeScript sources (development, tests), the child needs tsx's loader too.
function childEntry(): { file: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(fromSources ? './queue-server.ts' : './queue-server.js', import.meta.url));
  return { file, execArgv: fromSources ? ['--import', import.meta.resolve('tsx')] : [] };
}

/** Starts the queue's PGlite in a child process and resolves once it serves on its socket. */
export async function startQueueProcess(
  folder: DataFolder,
  options: {
    startTimeoutMs?: number;
    /** The queue process was signalled: stop the server (absent, the queue process stops alone). */
    onStopRequested?: () => void;
  } = {},
): Promise<QueueProcess> {
  const { file, execArgv } = childEntry();
  const child: ChildProcess = fork(file, [folder.queueData, folder.queueSocket], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => child.on('message', (message: { type?: string }) => message?.type === 'ready' && resolve())),
      exited.then(([code, signal]) => {
        throw new Error(`the queue's database process exited while starting (code ${code}, signal ${signal})`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the queue's database did not start within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  let stopped: Promise<void> | undefined;
  const queueProcess: QueueProcess = {
    socketPath: folder.queueSocket,
    pid: child.pid ?? -1,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.send({ type: 'stop' });
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      })();
      return stopped;
    },
  };
  child.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stop-requested') return;
    if (options.onStopRequested) options.onStopRequested();
    else void queueProcess.stop();
  });
  return queueProcess;
}
