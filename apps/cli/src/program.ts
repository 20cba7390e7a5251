import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/accounts.js';
import { registerConnectionCommands } from './commands/connections.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerProjectCommands } from './commands/projects.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerWebhookCommands } from './commands/webhooks.js';
import { withContext } from './context.js';
import { CliError, print } from './output.js';
import { type CliSession, currentSession, inSession } from './session.js';

/**
 * The `ledgersync` command tree. Built anew for each run: commander keeps the parsed options on
 * its command objects, and the embedded server may run several commands at once.
 */
export function buildProgram(): Command {
  const program = new Command('ledgersync')
    .description('ledgersync admin CLI')
    .showHelpAfterError()
    .exitOverride()
    // Help and usage errors go where the command's output goes (the CLI's terminal, also when
    // the embedded server runs the command); subcommands inherit this.
    .configureOutput({
      writeOut: (text) => currentSession().stdout(text),
      writeErr: (text) => currentSession().stderr(text),
    });

  program
    .command('migrate')
    .description('apply the database migrations (start-up does it too)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      // Opening the database migrates it; the embedded server migrated its own at start.
      await withContext(async () => {});
      if (options.json) print({ database: 'up to date' }, true);
      else currentSession().stderr('database is up to date\n');
    });
  registerProjectCommands(program);
  registerConnectionCommands(program);
  registerWebhookCommands(program);
  registerAccountCommands(program);
  registerSandboxCommand(program);
  registerKeyCommands(program);
  return program;
}

/**
 * Runs one command line (without the program name) in `session` and returns its exit code: 0,
 * commander's own for usage errors and help, 1 for a failure, whose message goes to stderr.
 */
export function runCommand(argv: readonly string[], session: CliSession): Promise<number> {
  return inSession(session, async () => {
    try {
      await buildProgram().parseAsync([...argv], { from: 'user' });
      return 0;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode;
      session.stderr(`ledgersync: ${describeFailure(error)}\n`);
      return 1;
    }
  });
}

/** A failure the user can fix reads as its message; anything else keeps its class name. */
export function describeFailure(error: unknown): string {
  if (error instanceof CliError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
