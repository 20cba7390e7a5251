import { createApiKey, ensureProject, listApiKeys, revokeApiKey } from '@ledgersync/db';
import { projects } from '@ledgersync/db/schema';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, print, printRows } from '../output.js';
import { addProjectListCommand, resolveProject } from './project-ref.js';

export function registerProjectCommands(program: Command): void {
  const projectsCommand = program.command('projects').description('projects (one per customer of ledgersync) and their API keys');

  projectsCommand
    .command('create')
    .description('create a project and its first API key (the key is shown once)')
    .requiredOption('--name <name>', 'a unique project name')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const { project, created } = await ensureProject(db, options.name);
        if (!created)
          throw new CliError(
            `project "${options.name}" already exists (add a key with: pnpm ledgersync api-keys create --project ${options.name})`,
          );
        const key = await createApiKey(db, project.id, 'first key');
        print({ project_id: project.id, name: project.name, api_key: key.key, api_key_prefix: key.prefix }, options.json ?? false);
      });
    });

  projectsCommand
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(async ({ db }) => {
        printRows(await db.select().from(projects).orderBy(projects.createdAt), options.json ?? false);
      });
    });

  const keys = program.command('api-keys').description('API keys of a project');
  keys
    .command('create')
    .description('issue a new API key (shown once)')
    .option('--project <name-or-id>', 'default: the only project')
    .option('--label <label>', 'what the key is for')
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; label?: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const project = await resolveProject(db, options.project);
        const key = await createApiKey(db, project.id, options.label);
        print({ project_id: project.id, api_key: key.key, api_key_prefix: key.prefix }, options.json ?? false);
      });
    });
  addProjectListCommand(keys, listApiKeys);
  keys
    .command('revoke')
    .description('revoke a key by its prefix (lsk_XXXXXXXX); without --prefix, lists the live keys to pick from')
    .option('--project <name-or-id>', 'default: the only project')
    .option('--prefix <prefix>', 'the key to revoke, as `api-keys list` shows it')
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; prefix?: string; json?: boolean }) => {
      await withContext(async ({ db }) => {
        const project = await resolveProject(db, options.project);
        // Never a default: revoking the only key would lock the project's caller out.
        if (options.prefix === undefined) {
          const live = (await listApiKeys(db, project.id)).filter((key) => key.revokedAt === null);
          const choices = live.map((key) => `${key.prefix} (${key.label ?? 'no label'}, created ${key.createdAt.toISOString()})`);
          throw new CliError(
            live.length === 0
              ? `project ${project.name} has no live API key`
              : `say which key to revoke with --prefix: live keys of ${project.name}: ${choices.join(', ')}`,
          );
        }
        if (!(await revokeApiKey(db, project.id, options.prefix))) throw new CliError(`no live key ${options.prefix} in ${project.name}`);
        print({ revoked: options.prefix, project: project.name }, options.json ?? false);
      });
    });
}
