import { type Db, findProjectById, findProjectByName, type Project } from '@ledgersync/db';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, printRows } from '../output.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project named on the command line by its name or its id. */
export async function resolveProject(db: Db, ref: string): Promise<Project> {
  const project = UUID.test(ref) ? await findProjectById(db, ref) : await findProjectByName(db, ref);
  if (!project) throw new CliError(`no project "${ref}" (create it with: pnpm ledgersync projects create --name ${ref})`);
  return project;
}

/** `<group> list --project X [--json]`: prints what `rows` finds for the project. */
export function addProjectListCommand(group: Command, rows: (db: Db, projectId: string) => Promise<Record<string, unknown>[]>): void {
  group
    .command('list')
    .requiredOption('--project <name-or-id>')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const project = await resolveProject(db, options.project);
        printRows(await rows(db, project.id), options.json ?? false);
      });
    });
}
