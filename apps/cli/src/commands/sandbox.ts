import {
  type ConnectionCredentials,
  createApiKey,
  createConnection,
  ensureProject,
  issueConnectionToken,
  listConnections,
  updateConnection,
} from '@ledgersync/db';
import { createFakeProviders, FAKE_PROVIDERS, type ProviderFake } from '@ledgersync/fake-providers';
import { startPull } from '@ledgersync/operations';
import { pulledObjectsOf } from '@ledgersync/providers';
import { publicUrl } from '@ledgersync/runtime';
import type { Command } from 'commander';
import { type CliContext, withContext } from '../context.js';
import { CliError, print } from '../output.js';
import { currentSession } from '../session.js';

/** A token pair the fake the API serves will accept: it holds the same secret. */
function sandboxCredentials(fake: ProviderFake, tenantId: string): ConnectionCredentials {
  const tokens = fake.mintTokens(tenantId);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  };
}

export interface SandboxCredentials {
  api_key: string;
  connection_token: string;
  provider: string;
  provider_base_url: string;
  tenant_id: string;
  access_token: string;
  project: string;
  project_id: string;
  connection_id: string;
}

/**
 * Creates, or reuses, a sandbox project and its connection to the fake provider the API serves,
 * and issues a fresh API key and connection token (keys are shown once, so a reuse cannot print
 * the old ones; earlier keys and tokens stay valid). The access token is renewed each time.
 */
export async function provisionSandbox(context: CliContext, options: { provider: string; project: string }): Promise<SandboxCredentials> {
  const { db, keys, env } = context;
  // The same fakes, with the same secret, as the API serves under /sandbox.
  const fake = createFakeProviders({ secret: env.SANDBOX_SECRET ?? keys.derive('sandbox') }).byProvider[options.provider];
  if (!fake) throw new CliError(`no sandbox for "${options.provider}" (available: ${FAKE_PROVIDERS.join(', ')})`);
  const baseUrl = `${publicUrl(env)}/sandbox/${options.provider}`;
  const tokenUrl = `${baseUrl}${fake.sandbox.tokenPath}`;

  const { project } = await ensureProject(db, options.project);
  const apiKey = await createApiKey(db, project.id, 'sandbox');
  const existing = (await listConnections(db, project.id)).find((connection) => connection.provider === options.provider);

  let connectionId: string;
  let tenantId: string;
  let connectionToken: string;
  let credentials: ConnectionCredentials;
  if (existing) {
    connectionId = existing.id;
    tenantId = existing.tenantId;
    credentials = sandboxCredentials(fake, tenantId);
    await updateConnection(db, keys.cipher, existing.id, { baseUrl, tokenUrl, credentials });
    connectionToken = await issueConnectionToken(db, existing);
  } else {
    tenantId = fake.sandbox.newTenantId();
    credentials = sandboxCredentials(fake, tenantId);
    const created = await createConnection(db, keys.cipher, {
      projectId: project.id,
      provider: options.provider,
      tenantId,
      baseUrl,
      tokenUrl,
      credentials,
      // The fake company's own: the limits the intake checks are those the fake enforces.
      companyCountry: fake.sandbox.companyCountry ?? null,
    });
    connectionId = created.connection.id;
    connectionToken = created.token;
    // The sandbox's connection pulls the fake's books, as a real one would.
    const { queues, close } = context.openQueues();
    try {
      await startPull({ db, queues }, created.connection, pulledObjectsOf(options.provider), 'full', context.logger);
    } finally {
      await close();
    }
  }
  return {
    api_key: apiKey.key,
    connection_token: connectionToken,
    provider: options.provider,
    provider_base_url: baseUrl,
    tenant_id: tenantId,
    access_token: credentials.accessToken,
    project: project.name,
    project_id: project.id,
    connection_id: connectionId,
  };
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('credentials to try ledgersync against the fake provider the API serves under /sandbox')
    .option('--provider <slug>', `one of: ${FAKE_PROVIDERS.join(', ')}`, 'quickbooks')
    .option('--project <name>', 'sandbox project to create or reuse', 'sandbox')
    .option('--json', 'print one JSON object')
    .action(async (options: { provider: string; project: string; json?: boolean }) => {
      await withContext(async (context) => show(await provisionSandbox(context, options), publicUrl(context.env), options.json));
    });
}

function show(sandbox: SandboxCredentials, api: string, json: boolean | undefined): void {
  print({ ...sandbox }, json ?? false);
  if (json) return;
  currentSession().stdout(
    `\nCreate an account:\n  curl -s ${api}/accounting/accounts -H 'x-api-key: ${sandbox.api_key}' \\\n` +
      `    -H 'x-connection-token: ${sandbox.connection_token}' -H 'content-type: application/json' \\\n` +
      `    -d '{"name":"Cash","type":"Current Asset","classification":"Asset","account_number":"1000"}'\n`,
  );
}
