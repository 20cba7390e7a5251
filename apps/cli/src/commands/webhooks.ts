import { createWebhookEndpoint, listWebhookEndpoints } from '@ledgersync/db';
import { EVENT_TYPES, type EventType } from '@ledgersync/unified';
import { generateWebhookSecret } from '@ledgersync/webhooks';
import type { Command } from 'commander';
import { withContext } from '../context.js';
import { CliError, print } from '../output.js';
import { addProjectListCommand, resolveProject } from './project-ref.js';

export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('webhook endpoints (also: POST /webhooks)');

  webhooks
    .command('create')
    .description('register an endpoint and print its signing secret (shown once)')
    .option('--project <name-or-id>', 'default: the only project')
    .requiredOption('--url <url>')
    .option('--scope <events>', `comma-separated event types (default: all: ${EVENT_TYPES.join(',')})`)
    .option('--description <text>')
    .option('--json', 'print JSON')
    .action(async (options: { project?: string; url: string; scope?: string; description?: string; json?: boolean }) => {
      const scope = (options.scope ? options.scope.split(',').map((s) => s.trim()) : [...EVENT_TYPES]) as EventType[];
      const unknown = scope.filter((event) => !EVENT_TYPES.includes(event));
      if (unknown.length > 0) throw new CliError(`unknown event types: ${unknown.join(', ')} (known: ${EVENT_TYPES.join(', ')})`);
      if (!/^https?:\/\//.test(options.url)) throw new CliError('--url must be an http(s) URL');
      await withContext(async ({ db, keys }) => {
        const project = await resolveProject(db, options.project);
        const secret = generateWebhookSecret();
        const row = await createWebhookEndpoint(db, keys.cipher, {
          projectId: project.id,
          url: options.url,
          description: options.description ?? null,
          scope,
          secret,
        });
        print({ id_webhook_endpoint: row.id, url: row.url, scope: row.scope, secret }, options.json ?? false);
      });
    });

  addProjectListCommand(webhooks, async (db, projectId) =>
    (await listWebhookEndpoints(db, projectId)).map(({ id, url, scope, active, createdAt }) => ({
      id,
      url,
      scope: scope.join(','),
      active,
      createdAt,
    })),
  );
}
