import { listFailedAccountIds, loadAccount } from '@ledgersync/db';
import { retryFailedAccount } from '@ledgersync/operations';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, print } from '../output.js';
import { progress } from '../progress.js';
import { currentSession } from '../session.js';
import { resolveProject } from './project-ref.js';

interface RetryOptions {
  project?: string;
  connection?: string;
  account?: string[];
  allFailed?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAccountCommands(program: Command): void {
  const accounts = program.command('accounts').description('unified accounts and their pushes');

  accounts
    .command('retry')
    .description('put failed accounts back to pending and push them again (as POST /accounting/accounts/{id}/retry does)')
    .option('--project <name-or-id>', 'default: the only project')
    .option('--connection <id>', 'only this connection (with --all-failed)')
    .option('--account <id>', 'an account to retry (repeatable)', collect)
    .option('--all-failed', 'every failed account of the project (or of --connection)')
    .option('--json', 'print JSON')
    .action(async (options: RetryOptions) => {
      if (!options.account?.length && !options.allFailed) throw new CliError('say which: --account ID (repeatable) or --all-failed');
      await withContext(async ({ db, logger, openQueues }) => {
        const project = await resolveProject(db, options.project);
        const ids = options.allFailed ? await listFailedAccountIds(db, project.id, options.connection) : (options.account ?? []);
        const { queues, close, deferred } = openQueues();
        const outcome = { retried: 0, not_failed: 0, not_found: 0 };
        const bar = progress('retrying', ids.length);
        try {
          for (const [index, id] of ids.entries()) {
            // Scoped to the project named: another project's id is not found, never retried.
            const account = await loadAccount(db, id).catch(() => undefined);
            const result =
              account?.projectId === project.id
                ? await retryFailedAccount({ db, queues }, { projectId: project.id, connectionId: account.connectionId }, id, logger)
                : { kind: 'not_found' as const };
            outcome[result.kind] += 1;
            bar.tick(index + 1);
          }
        } finally {
          await close();
        }
        if (deferred && outcome.retried > 0) currentSession().stderr(`${deferred}\n`);
        print({ project: project.name, requested: ids.length, ...outcome }, options.json ?? false);
      });
    });
}
