import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { dataDir as dataDirOf, dataFolder, findRunningServer, type RunningServer } from '@ledgersync/runtime';
import type { CliEnv } from './env.js';
import { filesNamedIn } from './files.js';
import { CliError } from './output.js';
import type { CliSession } from './session.js';

/** An embedded-mode server holding the data folder: the CLI's commands run in it. */
export interface EmbeddedServer {
  url: string;
  /**
   * Runs a command line in the server (it owns the PGlite folder; the CLI cannot open it), writes
   * its output to `session` as it comes, and resolves to its exit code.
   */
  run(argv: readonly string[], session: CliSession): Promise<number>;
}

/**
 * One line of `POST /admin/cli/run`'s answer (NDJSON): output as it comes, then the exit code;
 * `{"working": true}` at once and every few seconds meanwhile, so a silent command is told from
 * a frozen server.
 */
export type CliRunMessage = { stdout: string } | { stderr: string } | { exit: number } | { working: true };

/** How often the server says it is still running a command. */
export const WORKING_INTERVAL_MS = 2_000;

/**
 * How long the CLI waits for a word from the server (a connection, an answer, a line): past it the
 * server is taken as frozen (stopped with SIGSTOP, or its event loop blocked) rather than hang.
 */
export const SILENCE_LIMIT_MS = 20_000;

/** How long to wait for a server that is starting (the first start creates both PGlites). */
const START_WAIT_MS = 120_000;

/**
 * The embedded server using `dataDir`, when neither DATABASE_URL nor REDIS_URL is set (the
 * embedded mode) and `<data>/server.json` names a live process; null when the CLI may open the
 * folder itself. Only one process can open a PGlite folder, so the CLI then goes through the
 * server's admin endpoint, with the admin token (LEDGERSYNC_ADMIN_TOKEN, else `<data>/admin.token`).
 */
export async function findEmbeddedServer(env: CliEnv, session: CliSession): Promise<EmbeddedServer | null> {
  if (env.mode !== 'embedded') return null;
  const dataDir = dataDirOf(env);
  const holder = await waitForAddress(dataDir, session);
  if (!holder) return null;
  const url = holder.url;
  const tokenFile = join(dataDir, 'admin.token');
  const fromEnv = env.LEDGERSYNC_ADMIN_TOKEN;
  const token = fromEnv || (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
  const tokenSource = fromEnv ? 'LEDGERSYNC_ADMIN_TOKEN' : tokenFile;
  const held = `ledgersync runs at ${url} (process ${holder.pid}) and holds ${dataDir}, so commands go through it`;
  if (!token) throw new CliError(`${held}, but there is no admin token: set LEDGERSYNC_ADMIN_TOKEN to the one it uses`);
  return {
    url,
    async run(argv, session) {
      // The files the command line names are read here, by the user, and their contents sent:
      // the server reads no path a client names.
      const files = Object.fromEntries(filesNamedIn(argv).map((name) => [name, session.readFile(name)]));
      const silence = watchdog();
      const frozen = () =>
        new CliError(
          `the ledgersync at ${url} (process ${holder.pid}, which holds ${dataDir}) said nothing for ${SILENCE_LIMIT_MS / 1000} s: ` +
            'it is frozen or overloaded (the command may have run in part); restart it, or look at its log',
        );
      try {
        const response = await fetch(`${url}/admin/cli/run`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ argv, files, tty: session.stderrIsTTY }),
          signal: silence.signal,
        }).catch((error: Error) => {
          if (silence.signal.aborted) throw frozen();
          throw new CliError(`cannot reach the ledgersync at ${url} (process ${holder.pid}, which holds ${dataDir}): ${causeOf(error)}`);
        });
        silence.heard();
        return await readAnswer(response, session, frozen, silence);
      } finally {
        silence.stop();
      }
    },
  };

  async function readAnswer(response: Response, session: CliSession, frozen: () => CliError, silence: Watchdog): Promise<number> {
    if (response.status === 401)
      throw new CliError(
        `${held}, but it refused the admin token from ${tokenSource}: use the one it uses ` +
          `(LEDGERSYNC_ADMIN_TOKEN as it was started, else ${tokenFile})`,
      );
    if (response.status === 404)
      throw new CliError(`${held}, but it serves no admin endpoint (started with no admin token): stop it to run commands on its data`);
    if (!response.ok || !response.body) {
      const answer = (await response.json().catch(() => ({}))) as { message?: string };
      throw new CliError(`the ledgersync at ${url} answered ${response.status}: ${answer.message ?? 'no message'}`);
    }
    let exit: number | undefined;
    try {
      for await (const line of createInterface({ input: Readable.fromWeb(response.body as ReadableStream<Uint8Array>) })) {
        silence.heard();
        if (!line) continue;
        const message = JSON.parse(line) as CliRunMessage;
        if ('stdout' in message) session.stdout(message.stdout);
        else if ('stderr' in message) session.stderr(message.stderr);
        else if ('exit' in message) exit = message.exit;
      }
    } catch (error) {
      if (silence.signal.aborted) throw frozen();
      throw new CliError(
        `lost the ledgersync at ${url} while it ran the command (it may have done part of it): ${causeOf(error as Error)}`,
      );
    }
    if (exit === undefined)
      throw new CliError(`the ledgersync at ${url} stopped before the command finished (it may have done part of it)`);
    return exit;
  }
}

interface Watchdog {
  signal: AbortSignal;
  /** The server said something: the silence starts again. */
  heard(): void;
  stop(): void;
}

/** Aborts `signal` once {@link SILENCE_LIMIT_MS} pass without `heard()`. */
function watchdog(): Watchdog {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const heard = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
  };
  heard();
  return { signal: controller.signal, heard, stop: () => clearTimeout(timer) };
}

/**
 * The live process holding the data folder, once it says where it listens. A server starting has
 * no address yet, nor has another CLI holding the folder for one command: wait for either.
 */
async function waitForAddress(dataDir: string, session: CliSession): Promise<(RunningServer & { url: string }) | null> {
  const folder = dataFolder(dataDir);
  const deadline = Date.now() + START_WAIT_MS;
  let told = false;
  for (;;) {
    const holder = findRunningServer(folder);
    if (!holder) return null;
    if (holder.url) return { ...holder, url: holder.url };
    if (Date.now() > deadline)
      throw new CliError(
        `${dataDir} is held by process ${holder.pid}, which has not started serving in ${START_WAIT_MS / 1000} s: stop it`,
      );
    if (!told) session.stderr(`waiting for process ${holder.pid}, which holds ${dataDir} (a ledgersync starting, or another command)…\n`);
    told = true;
    await sleep(200);
  }
}

function causeOf(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
