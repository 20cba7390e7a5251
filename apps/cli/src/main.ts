import { migrate } from '@ledgersync/db';
import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/accounts.js';
import { registerConnectionCommands } from './commands/connections.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerProjectCommands } from './commands/projects.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerWebhookCommands } from './commands/webhooks.js';
import { loadCliEnv } from './env.js';
import { CliError, print } from './output.js';

// `pnpm ledgersync <command>`: the operator's tool for projects, keys, connections and webhooks.
const program = new Command('ledgersync').description('ledgersync admin CLI').showHelpAfterError().exitOverride();

program
  .command('migrate')
  .description('apply the database migrations (start-up does it too)')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    await migrate(loadCliEnv().DATABASE_URL);
    if (options.json) print({ database: 'up to date' }, true);
    else process.stderr.write('database is up to date\n');
  });
registerProjectCommands(program);
registerConnectionCommands(program);
registerWebhookCommands(program);
registerAccountCommands(program);
registerSandboxCommand(program);
registerKeyCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof CliError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`ledgersync: ${message}\n`);
  process.exit(1);
}
