import { type Db, findProjectById, findProjectByName, type Project } from '@ledgersync/db';
import { projects } from '@ledgersync/db/schema';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, printRows } from '../output.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A project named on the command line by its name or its id; without `--project`, the only
 * project of the install (a single-customer deployment need not repeat it).
 */
export async function resolveProject(db: Db, ref: string | undefined): Promise<Project> {
  if (ref === undefined) {
    const all = await db.select().from(projects).limit(2);
    if (all.length === 1 && all[0]) return all[0];
    throw new CliError(
      all.length === 0 ? 'no project yet: pnpm ledgersync projects create --name NAME' : 'several projects: say which with --project',
    );
  }
  const project = UUID.test(ref) ? await findProjectById(db, ref) : await findProjectByName(db, ref);
  if (!project) throw new CliError(`no project "${ref}" (create it with: pnpm ledgersync projects create --name ${ref})`);
  return project;
}

/** `<group> list --project X [--json]`: prints what `rows` finds for the project. */
export function addProjectListCommand(group: Command, rows: (db: Db, projectId: string) => Promise<Record<string, unknown>[]>): void {
  group
    .command('list')
    .option('--project <name-or-id>', 'default: the only project')
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const project = await resolveProject(db, options.project);
        printRows(await rows(db, project.id), options.json ?? false);
      });
    });
}
