import { PassThrough } from 'node:stream';
import { requireAdminToken } from '@ledgersync/api';
import { type CliContext, type CliRunMessage, describeFailure, runCommand } from '@ledgersync/cli';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const runRequest = z.object({
  /** The command line after `ledgersync`, as the user typed it. */
  argv: z.array(z.string().max(100_000)).max(1_000),
  /** The CLI's working folder: relative paths on the command line (`--credentials-file`) are read from there. */
  cwd: z.string().min(1),
  /** Whether the CLI's stderr is a terminal (progress bars redraw in place). */
  tty: z.boolean().default(false),
});

/**
 * The admin CLI's way in while the embedded server holds the data folder (PGlite allows one
 * process per folder). `POST /admin/cli/run` with `{argv, cwd, tty}` runs that command line with
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
      const { argv, cwd, tty } = parsed.data;
      const output = new PassThrough();
      const send = (message: CliRunMessage) => output.write(`${JSON.stringify(message)}\n`);
      runCommand(argv, {
        stdout: (text) => send({ stdout: text }),
        stderr: (text) => send({ stderr: text }),
        stderrIsTTY: tty,
        cwd,
        host: options.context,
      })
        .catch((error: unknown) => {
          send({ stderr: `ledgersync: ${describeFailure(error)}\n` });
          return 1;
        })
        .then((exit) => {
          send({ exit });
          output.end();
        });
      return reply.type('application/x-ndjson').send(output);
    });
  };
}
