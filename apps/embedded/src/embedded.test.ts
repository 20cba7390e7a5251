import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxCredentials } from '@ledgersync/cli';
import { createLogger, DataFolderInUse } from '@ledgersync/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiRequest, callApi, waitForSyncStatus } from '../../../test/support/api-client.js';
import { runCli } from '../../../test/support/cli.js';
import { type EmbeddedServer, startEmbedded } from './start.js';

// The embedded mode as `pnpm start` runs it with nothing configured: no DATABASE_URL, no
// REDIS_URL, only a data folder. PORT=0 takes a free port.
const root = mkdtempSync(join(tmpdir(), 'ledgersync-embedded-'));
const env = { NODE_ENV: 'development', LEDGERSYNC_DATA_DIR: join(root, 'data'), PORT: '0', LOG_LEVEL: 'warn' };
const adminToken = randomBytes(24).toString('base64url');
const logger = createLogger({ name: 'embedded-test', level: 'warn' });
const start = () => startEmbedded({ env, adminToken, logger });

let server: EmbeddedServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Resident memory of a process, in MB, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
}

const api = (path: string, init?: ApiRequest) => {
  if (!server) throw new Error('not started');
  return callApi(server.url, path, init);
};

let credentials: SandboxCredentials;
let accountId: string;
let remoteId: string;
const tenant = () => ({ 'x-api-key': credentials.api_key, 'x-connection-token': credentials.connection_token });

describe('the embedded mode', () => {
  it('starts with no services, and the CLI gets sandbox credentials through the running server', { timeout: 180_000 }, async () => {
    const began = Date.now();
    server = await start();
    const startedMs = Date.now() - began;
    // There is no Redis here: /healthz reports the queue that is (the second PGlite), not a Redis.
    const health = await api('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: 'ok', queue: 'ok' });

    const refused = await api('/admin/cli/run', { method: 'POST', body: { argv: ['sandbox'], cwd: root } });
    expect(refused.status).toBe(401);
    // The real command, as the README's quick start runs it: no DATABASE_URL, no REDIS_URL.
    const cli = await runCli({ LEDGERSYNC_DATA_DIR: env.LEDGERSYNC_DATA_DIR, LEDGERSYNC_ADMIN_TOKEN: adminToken }, 'sandbox', '--json');
    expect(cli.code, cli.stderr).toBe(0);
    credentials = JSON.parse(cli.stdout) as SandboxCredentials;
    expect(credentials).toMatchObject({ provider: 'quickbooks', provider_base_url: `${server.url}/sandbox/quickbooks` });
    console.info(`embedded mode: first start (both PGlites created and migrated) in ${startedMs} ms`);
  });

  it('pushes an account to the sandbox', { timeout: 120_000 }, async () => {
    // The seed's full flow, its webhook and the CLI's other commands: test/e2e/embedded-start.test.ts.
    const posted = Date.now();
    const created = await api('/accounting/accounts', {
      method: 'POST',
      headers: tenant(),
      body: { name: 'Cash', type: 'Current Asset', account_number: '1000' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    accountId = created.body.id as string;

    const account = await waitForSyncStatus(server?.url ?? '', tenant(), accountId);
    const toSyncedMs = Date.now() - posted;
    remoteId = account.remote_id as string;
    expect(remoteId).toBeTruthy();

    // The account is at the fake QuickBooks, read through its own API.
    const remote = await fetch(`${credentials.provider_base_url}/v3/company/${credentials.tenant_id}/account/${remoteId}?minorversion=75`, {
      headers: { Authorization: `Bearer ${credentials.access_token}`, Accept: 'application/json' },
    });
    expect(remote.status).toBe(200);

    // The worker's metrics are served with the API's: one process, one /metrics.
    const metrics = await (await fetch(`${server?.url}/metrics`)).text();
    expect(metrics).toMatch(/^ledgersync_push_outcomes_total\{provider="quickbooks",outcome="synced"\} [1-9]/m);
    const intake = metrics.split('\n').filter((line) => line.startsWith('ledgersync_intake_requests_total{method="POST"'));
    expect(intake.join('\n')).toMatch(/route="\/accounting\/accounts\/?",status_code="201"\} [1-9]/);

    const memory = { api: rssMb(process.pid), queue: server?.queueProcessPid ? rssMb(server.queueProcessPid) : 0 };
    console.info(
      `embedded mode: POST to synced in ${toSyncedMs} ms; RSS ${memory.api} MB (this process) + ${memory.queue} MB (queue process)`,
    );
  });

  it("shows every queue's workers on the job dashboard", { timeout: 30_000 }, async () => {
    // One PGlite session holds one application_name: BullMQ's discovery found one worker at most.
    const headers = { authorization: `Bearer ${adminToken}` };
    const listed = await api('/admin/queues/api/queues', { headers });
    expect(listed.status).toBe(200);
    const names = (listed.body as { queues: { name: string }[] }).queues.map((queue) => queue.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const answer = await api(`/admin/queues/api/queues/${encodeURIComponent(name)}/workers`, { headers });
      expect(answer.status).toBe(200);
      expect((answer.body as { workers: unknown[] | null }).workers?.length, name).toBeGreaterThan(0);
    }
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
    const read = await api(`/accounting/accounts/${accountId}?remote_data=true`, { headers: tenant() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: accountId, remote_id: remoteId, sync: { status: 'synced' } });
    // Its event (what the webhook carried) is still listed.
    const events = await api('/events?type=accounting.account.created', { headers: { 'x-api-key': credentials.api_key } });
    expect((events.body.data as { data: { id: string } }[]).some((event) => event.data.id === accountId)).toBe(true);
    console.info(`embedded mode: restart on the same folder in ${restartMs} ms`);
  });
});
