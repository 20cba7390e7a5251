import { PassThrough } from 'node:stream';
import { requireAdminToken } from '@ledgersync/api';
import {
  CliError,
  type CliContext,
  type CliRunMessage,
  describeFailure,
  MAX_FILE_CHARS,
  runCommand,
  WORKING_INTERVAL_MS,
} from '@ledgersync/cli';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const runRequest = z.object({
  /** The command line after `ledgersync`, as the user typed it. */
  argv: z.array(z.string().max(100_000)).max(1_000),
  /**
   * The files the command line names (`--credentials-file NAME`), by NAME as typed: read by the
   * CLI, on its side. This process reads no file a client names, and takes no working folder.
   */
  files: z.record(z.string().max(4_096), z.string().max(MAX_FILE_CHARS)).default({}),
  /** Whether the CLI's stderr is a terminal (progress bars redraw in place). */
  tty: z.boolean().default(false),
});

/**
 * The admin CLI's way in while the embedded server holds the data folder (PGlite allows one
 * process per folder). `POST /admin/cli/run` with `{argv, files, tty}` runs that command line with
 * the CLI's own program, in this process, on the server's database, keys and queues, and answers
 * its output as it comes, one JSON object a line: `{"stdout": ...}`, `{"stderr": ...}`, then
 * `{"exit": code}`. The CLI prints them and exits with that code, so a command reads and fails the
 * same as when the CLI opens the data itself. Behind the admin token (`Authorization: Bearer`),
 * which the CLI reads from the data folder.
 */
export function adminCliRoutes(options: { adminToken: string; context: CliContext }): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdminToken(options.adminToken));
    app.post('/run', async (request, reply) => {
      const parsed = runRequest.safeParse(request.body ?? {});
      if (!parsed.success) {
        return reply.status(400).send({ statusCode: 400, error: 'invalid_request', message: parsed.error.message, request_id: request.id });
      }
      const { argv, files, tty } = parsed.data;
      const output = new PassThrough();
      const send = (message: CliRunMessage) => output.write(`${JSON.stringify(message)}\n`);
      // At once (so the answer's headers go out) and while the command runs: the CLI takes a
      // server silent for long as frozen, and a command may be silent for a while.
      send({ working: true });
      const working = setInterval(() => send({ working: true }), WORKING_INTERVAL_MS);
      runCommand(argv, {
        stdout: (text) => send({ stdout: text }),
        stderr: (text) => send({ stderr: text }),
        stderrIsTTY: tty,
        readFile(name) {
          const sent = files[name];
          if (sent === undefined) throw new CliError(`the CLI sent no contents for ${name} (the server reads no file a client names)`);
          return sent;
        },
        host: options.context,
      })
        .catch((error: unknown) => {
          send({ stderr: `ledgersync: ${describeFailure(error)}\n` });
          return 1;
        })
        .then((exit) => {
          clearInterval(working);
          send({ exit });
          output.end();
        });
      return reply.type('application/x-ndjson').send(output);
    });
  };
}
