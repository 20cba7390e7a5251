import type { Logger } from '@ledgersync/runtime';

/**
 * What `pnpm start`'s launcher (apps/embedded/bin/ledgersync-start.mjs) and the processes it
 * starts tell each other over their IPC channel (the launcher, plain JavaScript, spells them out
 * too). The launcher asks by message, never by signal: a signal the process also got from
 * elsewhere (Ctrl-C reaches the whole process group, a supervisor may signal every process)
 * would otherwise count twice, and the second one means "exit now".
 */
const LAUNCHER_MESSAGES = {
  /** Sent by the process once a stop request will be honoured (its shutdown handler is set). */
  stoppable: 'ledgersync:stoppable',
  /** Sent by the launcher: stop gracefully; a no-op when already stopping. */
  stop: 'ledgersync:stop',
  /** Sent by the launcher after a second signal from the user: exit at once. */
  exitNow: 'ledgersync:exit-now',
  /**
   * Sent by the embedded entry when the parsed settings select the server mode: the launcher
   * then starts the API and a worker in its place (the entry exits 0 once this is sent).
   */
  serverMode: 'ledgersync:server-mode',
} as const;

/**
 * Started by the launcher, asks it to run the server mode instead of this process, and resolves
 * true once the launcher has taken the request (it closes the channel). Not started by the
 * launcher (no IPC channel): false.
 */
export function handOverToServerMode(): Promise<boolean> {
  const send = process.send?.bind(process);
  if (!process.channel || !send) return Promise.resolve(false);
  return new Promise((resolve) => {
    process.once('disconnect', () => resolve(true));
    send({ type: LAUNCHER_MESSAGES.serverMode });
  });
}

/**
 * Runs `stop` on the first SIGTERM or SIGINT and exits when it is done; a second signal exits at
 * once (an operator who presses Ctrl-C twice means it). Started by the launcher, it also stops
 * when the launcher asks, or disappears. Returns a function that starts the same graceful stop
 * (for a request that is not a signal; it never counts as the second one).
 */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>): (reason: string) => void {
  let stopping = false;
  // Only signals count towards "second signal": the launcher's request may arrive before the
  // Ctrl-C that caused it, and that Ctrl-C is still the user's first.
  let signalled = false;
  const exitNow = (why: Record<string, unknown>) => {
    logger.warn(why, 'second signal: exiting now');
    process.exit(1);
  };
  const begin = (why: Record<string, unknown>) => {
    if (stopping) return;
    stopping = true;
    logger.info(why, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const handle = (signal: NodeJS.Signals) => {
    if (signalled) exitNow({ signal });
    signalled = true;
    begin({ signal });
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
  if (process.channel && process.send) {
    process.on('message', (message: { type?: string; signal?: string }) => {
      if (message?.type === LAUNCHER_MESSAGES.stop) begin({ signal: message.signal, via: 'launcher' });
      else if (message?.type === LAUNCHER_MESSAGES.exitNow) exitNow({ signal: message.signal, via: 'launcher' });
    });
    // The launcher was killed outright (SIGKILL, OOM): stop rather than run on, orphaned.
    process.on('disconnect', () => begin({ reason: 'the launcher is gone' }));
    process.send({ type: LAUNCHER_MESSAGES.stoppable });
  }
  return (reason) => begin({ reason });
}
