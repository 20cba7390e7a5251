import { connections } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// The README's quick start: the API serves the fakes under /sandbox, `ledgersync sandbox --json`
// hands out credentials, and an account goes through to the fake with them.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: true });
});
afterAll(async () => {
  await h?.close();
});

async function ledgersync(...args: string[]) {
  const { stdout, code, stderr } = await runCli(
    { DATABASE_URL: h.databaseUrl, LEDGERSYNC_ENCRYPTION_KEY: h.encryptionKey, PUBLIC_URL: h.url, SANDBOX_SECRET: h.sandboxSecret },
    ...args,
  );
  expect(code, stderr).toBe(0);
  // stdout is exactly one JSON object: nothing else may be printed there.
  return JSON.parse(stdout) as Record<string, string>;
}

describe('sandbox quick start', () => {
  it('prints credentials that work against the API and against the fake directly', async () => {
    const sandbox = await ledgersync('sandbox', '--json');
    expect(Object.keys(sandbox)).toEqual(expect.arrayContaining(['api_key', 'connection_token', 'provider', 'provider_base_url', 'tenant_id', 'access_token']));
    expect(sandbox).toMatchObject({ provider: 'quickbooks', provider_base_url: `${h.url}/sandbox/quickbooks`, tenant_id: expect.stringMatching(/^\d+$/) });

    const created = await fetch(`${h.url}/accounting/accounts`, {
      method: 'POST',
      headers: { 'x-api-key': sandbox.api_key ?? '', 'x-connection-token': sandbox.connection_token ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Cash', type: 'Current Asset', account_number: '1000' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const synced = await waitFor('the push to the sandbox', async () => {
      const read = await fetch(`${h.url}/accounting/accounts/${id}`, {
        headers: { 'x-api-key': sandbox.api_key ?? '', 'x-connection-token': sandbox.connection_token ?? '' },
      });
      const body = (await read.json()) as { remote_id: string | null; sync: { status: string } };
      return body.sync.status === 'synced' ? body : undefined;
    });

    const remote = await fetch(`${sandbox.provider_base_url}/v3/company/${sandbox.tenant_id}/account/${synced.remote_id}?minorversion=75`, {
      headers: { Authorization: `Bearer ${sandbox.access_token}`, Accept: 'application/json' },
    });
    expect(remote.status).toBe(200);
    expect(((await remote.json()) as { Account: { Name: string } }).Account.Name).toBe('Cash');
  });

  it("gives the connection its fake company's country, so the intake checks the limits the fake enforces", async () => {
    const sandbox = await ledgersync('sandbox', '--json', '--project', 'sandbox-country');
    const [connection] = await h.db.select().from(connections).where(eq(connections.id, sandbox.connection_id ?? ''));
    expect(connection?.companyCountry).toBe('US');
    const long = await fetch(`${h.url}/accounting/accounts`, {
      method: 'POST',
      headers: { 'x-api-key': sandbox.api_key ?? '', 'x-connection-token': sandbox.connection_token ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Eight', type: 'Bank', account_number: '12345678' }),
    });
    expect(long.status).toBe(422);
    expect(((await long.json()) as { details: { message: string }[] }).details[0]?.message).toContain('(the limit for a company in US)');
  });

  it('reuses the sandbox project and connection, with a fresh key; --project makes another', async () => {
    const first = await ledgersync('sandbox', '--json');
    const second = await ledgersync('sandbox', '--json');
    expect(second.project_id).toBe(first.project_id);
    expect(second.connection_id).toBe(first.connection_id);
    expect(second.tenant_id).toBe(first.tenant_id);
    expect(second.api_key).not.toBe(first.api_key);
    for (const credentials of [first, second]) {
      const list = await fetch(`${h.url}/accounting/accounts`, {
        headers: { 'x-api-key': credentials.api_key ?? '', 'x-connection-token': credentials.connection_token ?? '' },
      });
      expect(list.status).toBe(200);
    }
    const other = await ledgersync('sandbox', '--project', 'other-team', '--json');
    expect(other.project_id).not.toBe(first.project_id);
    // Another project's token does not open this project's connection.
    const crossed = await fetch(`${h.url}/accounting/accounts`, {
      headers: { 'x-api-key': other.api_key ?? '', 'x-connection-token': first.connection_token ?? '' },
    });
    expect(crossed.status).toBe(401);
  });

  it.each(['xero', 'sage', 'zohobooks', 'pennylane'])('gives working credentials for --provider %s', async (provider) => {
    const sandbox = await ledgersync('sandbox', '--provider', provider, '--project', `try-${provider}`, '--json');
    expect(sandbox).toMatchObject({ provider, provider_base_url: `${h.url}/sandbox/${provider}` });
    const headers = { 'x-api-key': sandbox.api_key ?? '', 'x-connection-token': sandbox.connection_token ?? '' };
    const created = await fetch(`${h.url}/accounting/accounts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Office Supplies', type: 'Expense', account_number: '6061' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const synced = await waitFor(`the push to the ${provider} sandbox`, async () => {
      const body = (await (await fetch(`${h.url}/accounting/accounts/${id}`, { headers })).json()) as { remote_id: string | null; sync: { status: string } };
      return body.sync.status === 'synced' ? body : undefined;
    });
    expect(synced.remote_id).toBeTruthy();
  });
});
