import { AsyncLocalStorage } from 'node:async_hooks';
import type { CliContext } from './context.js';
import { readNamedFile } from './files.js';

/**
 * Where one run of a command writes, and what it runs against. The `ledgersync` process runs its
 * command in a session on its own stdout and stderr; the embedded server runs a command that a
 * CLI forwarded in a session of its own, streaming the output back, so several commands can run
 * in the server at once without mixing their output.
 */
export interface CliSession {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress bars redraw in place there, else print a line per step. */
  stderrIsTTY: boolean;
  /**
   * The contents of a file named on the command line (`--credentials-file`). The process reads it
   * from its working folder; the embedded server never reads a path a client names: it answers
   * what the CLI read on its own side and sent with the command line.
   */
  readFile(name: string): string;
  /**
   * The server's own database, keys, queues and logger, when the embedded server runs the
   * command: nothing is opened (the server holds the data folder). Absent, commands open what
   * they need (see `withContext`).
   */
  host?: CliContext;
}

const sessions = new AsyncLocalStorage<CliSession>();

/** The session of the process itself: its own streams and working folder. */
export function processSession(): CliSession {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    readFile: (name) => readNamedFile(process.cwd(), name),
  };
}

/** The session the running command writes to (the process's own outside any). */
export function currentSession(): CliSession {
  return sessions.getStore() ?? processSession();
}

export function inSession<T>(session: CliSession, run: () => Promise<T>): Promise<T> {
  return sessions.run(session, run);
}
