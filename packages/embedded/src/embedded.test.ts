import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxCredentials } from '@ledgersync/cli';
import { createLogger, DataFolderInUse } from '@ledgersync/runtime';
import { verify } from '@ledgersync/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.js';
import { seedBody } from '../../../test/support/seed.js';
import { waitFor } from '../../../test/support/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { type EmbeddedServer, startEmbedded } from './start.js';

// The embedded mode as `pnpm start` runs it with nothing configured: no DATABASE_URL, no
// REDIS_URL, only a data folder. PORT=0 takes a free port.
const root = mkdtempSync(join(tmpdir(), 'ledgersync-embedded-'));
const env = { NODE_ENV: 'development', LEDGERSYNC_DATA_DIR: join(root, 'data'), PORT: '0', LOG_LEVEL: 'warn' };
const adminToken = randomBytes(24).toString('base64url');
const logger = createLogger({ name: 'embedded-test', level: 'warn' });
const start = () => startEmbedded({ env, adminToken, logger });

let server: EmbeddedServer | undefined;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Resident memory of a process, in MB, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

async function api(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  if (!server) throw new Error('not started');
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let credentials: SandboxCredentials;
let seedId: string;
let remoteId: string;
const tenant = () => ({ 'x-api-key': credentials.api_key, 'x-connection-token': credentials.connection_token });

async function synced(id: string) {
  return waitFor(
    `account ${id} synced`,
    async () => {
      const read = await api(`/accounting/accounts/${id}`, { headers: tenant() });
      return (read.body.sync as { status: string }).status === 'synced' ? read.body : undefined;
    },
    60_000,
  );
}

describe('the embedded mode', () => {
  it('starts with no services, and the CLI gets sandbox credentials through the running server', { timeout: 180_000 }, async () => {
    const began = Date.now();
    server = await start();
    const startedMs = Date.now() - began;

    const refused = await api('/admin/cli/sandbox', { method: 'POST', body: {} });
    expect(refused.status).toBe(401);
    // The real command, as the README's quick start runs it: no DATABASE_URL, no REDIS_URL.
    const cli = await runCli({ LEDGERSYNC_DATA_DIR: env.LEDGERSYNC_DATA_DIR, LEDGERSYNC_ADMIN_TOKEN: adminToken }, 'sandbox', '--json');
    expect(cli.code, cli.stderr).toBe(0);
    credentials = JSON.parse(cli.stdout) as SandboxCredentials;
    expect(credentials).toMatchObject({ provider: 'quickbooks', provider_base_url: `${server.url}/sandbox/quickbooks` });
    console.info(`embedded mode: first start (both PGlites created and migrated) in ${startedMs} ms`);
  });

  it('syncs the seed account to the sandbox and sends its signed webhook', { timeout: 120_000 }, async () => {
    const hook = await api('/webhooks', {
      method: 'POST',
      headers: { 'x-api-key': credentials.api_key },
      body: { url: receiver.url, description: 'embedded test', scope: ['accounting.account.created'] },
    });
    expect(hook.status).toBe(201);
    const secret = hook.body.secret as string;

    // The seed names a parent account of the connection: create it first.
    const parent = await api('/accounting/accounts', {
      method: 'POST',
      headers: tenant(),
      body: { name: 'Current Assets', type: 'Current Asset', account_number: '1100' },
    });
    expect(parent.status).toBe(201);
    // The seed's custom fields go to QuickBooks under the names the connection maps them to.
    for (const [slug, remote_field] of [
      ['custom_field_1', 'AccountAlias'],
      ['custom_field_2', 'TxnLocationType'],
    ]) {
      const mapped = await api(`/connection/field_mappings/${slug}`, { method: 'PUT', headers: tenant(), body: { remote_field } });
      expect(mapped.status).toBe(200);
    }
    const posted = Date.now();
    const seed = await api('/accounting/accounts', { method: 'POST', headers: tenant(), body: seedBody(parent.body.id as string) });
    expect(seed.status, JSON.stringify(seed.body)).toBe(201);
    seedId = seed.body.id as string;

    const account = await synced(seedId);
    const toSyncedMs = Date.now() - posted;
    remoteId = account.remote_id as string;
    expect(remoteId).toBeTruthy();
    expect(account).toMatchObject({ name: 'Cash', account_number: '1000' });

    const delivery = await waitFor(
      'the created webhook',
      () => receiver.received.find((w) => w.json.type === 'accounting.account.created' && w.json.data.id === seedId),
      60_000,
    );
    expect(() => verify(secret, delivery.headers, delivery.body)).not.toThrow();
    expect(delivery.json.data).toMatchObject({ id: seedId, remote_id: remoteId });

    // The account is at the fake QuickBooks, read through its own API.
    const remote = await fetch(`${credentials.provider_base_url}/v3/company/${credentials.tenant_id}/account/${remoteId}?minorversion=75`, {
      headers: { Authorization: `Bearer ${credentials.access_token}`, Accept: 'application/json' },
    });
    expect(remote.status).toBe(200);

    const memory = { api: rssMb(process.pid), queue: server?.queueProcessPid ? rssMb(server.queueProcessPid) : 0 };
    console.info(
      `embedded mode: POST to synced in ${toSyncedMs} ms; RSS ${memory.api} MB (this process) + ${memory.queue} MB (queue process)`,
    );
  });

  it('refuses a second server on the same data folder', { timeout: 30_000 }, async () => {
    await expect(start()).rejects.toBeInstanceOf(DataFolderInUse);
  });

  it('keeps the data across a restart', { timeout: 180_000 }, async () => {
    await server?.close();
    server = undefined;
    const began = Date.now();
    server = await start();
    const restartMs = Date.now() - began;
    const read = await api(`/accounting/accounts/${seedId}?remote_data=true`, { headers: tenant() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: seedId, remote_id: remoteId, sync: { status: 'synced' } });
    // Its event (what the webhook carried) is still listed.
    const events = await api('/events?type=accounting.account.created', { headers: { 'x-api-key': credentials.api_key } });
    expect((events.body.data as { data: { id: string } }[]).some((event) => event.data.id === seedId)).toBe(true);
    console.info(`embedded mode: restart on the same folder in ${restartMs} ms`);
  });
});
