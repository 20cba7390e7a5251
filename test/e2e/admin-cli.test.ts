import { connections, webhookEndpoints } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// An operator sets up a customer with the admin CLI alone, then the customer's account goes through.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const cli = (...args: string[]) => runCli({ DATABASE_URL: h.databaseUrl, LEDGERSYNC_ENCRYPTION_KEY: h.encryptionKey }, ...args);
const json = async (...args: string[]) => {
  const result = await cli(...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

describe('admin CLI', () => {
  it('creates a project, a QuickBooks connection and a webhook endpoint that the API and worker use', async () => {
    const project = await json('projects', 'create', '--name', 'acme');
    expect(project.api_key).toMatch(/^lsk_/);
    const tokens = h.fakes.quickbooks.mintTokens('9130355');
    // The issue's own words: no --project needed while the install has one project.
    const connection = await json(
      'connections',
      'create',
      '--provider',
      'quickbooks',
      '--realm-id',
      '9130355',
      '--base-url',
      h.fakes.baseUrls.quickbooks,
      '--token-url',
      h.fakes.tokenUrls.quickbooks,
      '--access-token',
      tokens.access_token,
      '--refresh-token',
      tokens.refresh_token,
      '--client-id',
      h.fakes.quickbooks.clientId,
      '--client-secret',
      h.fakes.quickbooks.clientSecret,
      '--company-country',
      'gb',
    );
    expect(connection).toMatchObject({
      provider: 'quickbooks',
      tenant_id: '9130355',
      company_country: 'GB',
      connection_token: expect.stringMatching(/^lct_/),
    });
    const [stored] = await h.db.select().from(connections).where(eq(connections.id, connection.connection_id));
    expect(stored?.credentials).not.toContain(tokens.access_token);
    expect(stored?.companyCountry).toBe('GB');
    expect(await json('connections', 'show', '--connection', connection.connection_id)).toMatchObject({ company_country: 'GB' });

    const hook = await json('webhooks', 'create', '--project', 'acme', '--url', h.receiver.url, '--scope', 'accounting.account.created');
    expect(hook.secret).toMatch(/^whsec_/);
    const [endpoint] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id_webhook_endpoint));
    expect(endpoint?.secret).not.toContain(hook.secret.slice(6));

    const created = await h.postAccount(
      { apiKey: project.api_key, connectionToken: connection.connection_token },
      { name: 'From the CLI', type: 'Bank' },
    );
    expect(created.statusCode).toBe(201);
    await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === created.json().id));
    expect(h.fakes.quickbooks.accounts('9130355').map((a) => a.Name)).toEqual(['From the CLI']);
  });

  it('issues and revokes API keys; a revoked key answers 401', async () => {
    const key = await json('api-keys', 'create', '--project', 'acme', '--label', 'ci');
    const listed = await json('api-keys', 'list', '--project', 'acme');
    expect(listed.map((k: { prefix: string }) => k.prefix)).toContain(key.api_key_prefix);
    expect(JSON.stringify(listed)).not.toContain(key.api_key);
    const ok = await h.app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': key.api_key } });
    expect(ok.statusCode).toBe(200);
    const revoked = await cli('api-keys', 'revoke', '--project', 'acme', '--prefix', key.api_key_prefix);
    expect(revoked.code).toBe(0);
    const refused = await h.app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': key.api_key } });
    expect(refused.statusCode).toBe(401);
  });

  it('fails with a one-line message and exit code 1 on a mistake', async () => {
    const duplicate = await cli('projects', 'create', '--name', 'acme');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    await cli('projects', 'create', '--name', 'second');
    const ambiguous = await cli('connections', 'list');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/several projects: say which with --project/);
    const unknown = await cli(
      'connections',
      'create',
      '--project',
      'acme',
      '--provider',
      'freshbooks',
      '--tenant-id',
      '1',
      '--access-token',
      'x',
    );
    expect(unknown.stderr).toMatch(/unknown provider "freshbooks"/);
    expect(unknown.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const country = await cli(
      ...['connections', 'create', '--project', 'acme', '--provider', 'quickbooks', '--tenant-id', '1', '--access-token', 'x'],
      ...['--company-country', 'USA'],
    );
    expect(country).toMatchObject({ code: 1, stderr: expect.stringContaining('--company-country takes a two-letter ISO 3166 country code') });
  });

  it('shows a connection gone invalid, takes new credentials, and retries its failed accounts', async () => {
    const t = await h.tenant();
    const cliEnv = { DATABASE_URL: h.databaseUrl, LEDGERSYNC_ENCRYPTION_KEY: h.encryptionKey, REDIS_URL: h.workerEnv().REDIS_URL, QUEUE_PREFIX: h.prefix };
    const run = async (...args: string[]) => {
      const result = await runCli(cliEnv, ...args, '--project', t.projectId, '--json');
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    // The customer revoked access: the push fails and the connection turns invalid.
    h.fakes.quickbooks.expireAccessTokens(t.realmId);
    h.fakes.quickbooks.revokeRefreshTokens(t.realmId);
    const id = (await h.postAccount(t, { name: 'Stranded', type: 'Expense' })).json().id as string;
    await waitFor('the push to fail', async () => (await run('connections', 'show', '--connection', t.connectionId)).accounts.failed === 1);
    expect(await run('connections', 'show', '--connection', t.connectionId)).toMatchObject({ status: 'invalid', status_reason: expect.stringContaining('refused') });

    // They reconnect: new tokens, the connection is active again, and one command pushes what failed.
    const tokens = h.fakes.quickbooks.mintTokens(t.realmId);
    const updated = await run('connections', 'credentials', '--connection', t.connectionId, '--access-token', tokens.access_token, '--refresh-token', tokens.refresh_token);
    expect(updated).toMatchObject({ status: 'active', was: 'invalid' });
    expect(await run('accounts', 'retry', '--all-failed')).toMatchObject({ requested: 1, retried: 1 });
    await waitFor('the retried push', async () => (await run('connections', 'show', '--connection', t.connectionId)).accounts.synced === 1);
    expect(h.fakes.quickbooks.accounts(t.realmId).map((a) => a.Name)).toEqual(['Stranded']);

    // Its own limit, shown by `show`, and back to the provider's.
    expect(await run('connections', 'limits', '--connection', t.connectionId, '--rate-limit', '20/5s', '--concurrency', '3')).toMatchObject({ limits: '20/5s, 3 in flight', overridden: true });
    expect(await run('connections', 'show', '--connection', t.connectionId)).toMatchObject({ rate_limits: '20/5s, 3 in flight', rate_limits_overridden: true });
    expect(await run('connections', 'limits', '--connection', t.connectionId, '--reset')).toMatchObject({ overridden: false });
    expect(await run('connections', 'show', '--connection', t.connectionId)).toMatchObject({ rate_limits: '500/min, 10 in flight', rate_limits_overridden: false });

    // Another project's account id is not found from this project, and nothing is retried twice.
    expect(await run('accounts', 'retry', '--account', id)).toMatchObject({ not_failed: 1 });
    const other = await h.tenant();
    const elsewhere = await runCli(cliEnv, 'accounts', 'retry', '--account', id, '--project', other.projectId, '--json');
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ not_found: 1, retried: 0 });
    // A dozen CLI processes, each starting Node and checking migrations.
  }, 120_000);
});
