import { exampleAccountBody } from '@ledgersync/unified';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verify } from '@ledgersync/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, waitForSyncStatus } from '../support/api-client.js';
import { runCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// `pnpm start` on a machine with nothing configured: the launcher the root script runs, with
// neither DATABASE_URL nor REDIS_URL, only a data folder. Every admin command is a separate CLI
// process, as from a second terminal: the server holds the data folder, so they go through it.
const launcher = fileURLToPath(new URL('../../apps/embedded/bin/ledgersync-start.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ledgersync-start-'));
const dataDir = join(root, 'data');
const serverEnv: Record<string, string | undefined> = {
  PATH: process.env.PATH,
  LEDGERSYNC_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  // So the sweeper picks up, within seconds of a restart, what the CLI left pending while stopped.
  SWEEP_INTERVAL_MS: '1000',
  SWEEP_STALE_AFTER_MS: '1000',
};
// What a second terminal has: the same data folder, no admin token (the CLI reads the server's file).
const cliEnv = { LEDGERSYNC_DATA_DIR: dataDir };

interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
}
let server: Started | undefined;
let receiver: WebhookReceiver;

/** `pnpm start`, as the root script runs it; resolves once its banner says where the API is. */
async function start(): Promise<Started> {
  const child = spawn(process.execPath, [launcher], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const url = await Promise.race([
    waitFor('the start-up banner', () => /embedded mode, API at (\S+)/.exec(output)?.[1], 150_000),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`pnpm start exited with ${code} before serving:\n${output}`))),
  ]);
  return { child, url, output: () => output };
}

/** Stops the server as Ctrl-C's sibling would (SIGTERM to the launcher's PID) and waits for it. */
async function stop(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const killer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 40_000);
  await exited;
  clearTimeout(killer);
}

async function cli(...args: string[]) {
  const result = await runCli(cliEnv, ...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // A fixed port, as a user's 3000: the sandbox connection's URLs name it, and must hold across a restart.
  serverEnv.PORT = String(await freePort());
});
afterAll(async () => {
  if (server) await stop(server);
  await receiver?.close();
  rmSync(root, { recursive: true, force: true });
});

let sandbox: Record<string, string>;
const tenant = () => ({ 'x-api-key': sandbox.api_key ?? '', 'x-connection-token': sandbox.connection_token ?? '' });
const api = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(server?.url ?? '', path, init);
let webhookSecret: string;
let strandedId: string;

describe('pnpm start with nothing configured', () => {
  it('runs the embedded mode, and admin commands from another terminal go through it', { timeout: 200_000 }, async () => {
    server = await start();
    expect(server.output()).toContain('set DATABASE_URL and REDIS_URL');

    sandbox = await cli('sandbox');
    expect(sandbox).toMatchObject({ provider: 'quickbooks', provider_base_url: `${server.url}/sandbox/quickbooks` });

    const project = await cli('projects', 'create', '--name', 'acme');
    expect(project.api_key).toMatch(/^lsk_/);
    const keys = await cli('api-keys', 'list', '--project', 'acme');
    expect(keys.map((key: { prefix: string }) => key.prefix)).toEqual([project.api_key_prefix]);
    // Written by the server: the key it printed authenticates at once.
    expect((await api('/webhooks', { headers: { 'x-api-key': project.api_key } })).status).toBe(200);

    const hook = await cli('webhooks', 'create', '--project', 'sandbox', '--url', receiver.url, '--scope', 'accounting.account.created');
    webhookSecret = hook.secret;
    // The seed's custom fields go to QuickBooks under the names the connection maps them to.
    const mapped = await cli(
      'connections',
      ...['mappings', '--project', 'sandbox', '--connection', sandbox.connection_id ?? ''],
      ...['--set', 'custom_field_1=AccountAlias', '--set', 'custom_field_2=TxnLocationType'],
    );
    expect(mapped.mappings).toEqual({ custom_field_1: 'AccountAlias', custom_field_2: 'TxnLocationType' });
  });

  it('syncs the seed account to the sandbox and sends its webhook, signed with the endpoint secret', { timeout: 120_000 }, async () => {
    const parent = await api('/accounting/accounts', {
      method: 'POST',
      headers: tenant(),
      body: { name: 'Current Assets', type: 'Current Asset', account_number: '1100' },
    });
    expect(parent.status).toBe(201);
    const seed = await api('/accounting/accounts', { method: 'POST', headers: tenant(), body: exampleAccountBody(parent.body.id as string) });
    expect(seed.status, JSON.stringify(seed.body)).toBe(201);
    const id = seed.body.id as string;

    const account = await waitForSyncStatus(server?.url ?? '', tenant(), id);
    expect(account.remote_id).toBeTruthy();
    const delivery = await waitFor(
      'the created webhook',
      () => receiver.received.find((w) => w.json.type === 'accounting.account.created' && w.json.data.id === id),
      60_000,
    );
    expect(() => verify(webhookSecret, delivery.headers, delivery.body)).not.toThrow();
    expect(delivery.json.data).toMatchObject({ id, remote_id: account.remote_id });
  });

  it('retries failed accounts through the server, on its queue', { timeout: 120_000 }, async () => {
    // Credentials the sandbox refuses, refresh included: pushes fail and the connection turns invalid.
    const connection = ['--project', 'sandbox', '--connection', sandbox.connection_id ?? ''];
    await cli('connections', 'credentials', ...connection, '--access-token', 'revoked', '--refresh-token', 'revoked');
    const failed: string[] = [];
    for (const name of ['Stranded', 'Stranded too']) {
      const posted = await api('/accounting/accounts', { method: 'POST', headers: tenant(), body: { name, type: 'Expense' } });
      expect(posted.status).toBe(201);
      failed.push(posted.body.id as string);
    }
    for (const id of failed) await waitForSyncStatus(server?.url ?? '', tenant(), id, 'failed');
    expect(await cli('connections', 'show', ...connection)).toMatchObject({ status: 'invalid', accounts: { failed: 2 } });

    // The customer reconnects (the sandbox hands out fresh tokens), and one of them is retried.
    sandbox = await cli('sandbox');
    expect(await cli('accounts', 'retry', '--project', 'sandbox', '--account', failed[0] ?? '')).toMatchObject({
      requested: 1,
      retried: 1,
    });
    expect((await waitForSyncStatus(server?.url ?? '', tenant(), failed[0] ?? '')).remote_id).toBeTruthy();
    strandedId = failed[1] ?? '';
  });

  it('says clearly when the admin token is wrong, or the server cannot be reached', { timeout: 60_000 }, async () => {
    const wrong = await runCli({ ...cliEnv, LEDGERSYNC_ADMIN_TOKEN: 'not-the-servers-admin-token' }, 'projects', 'list');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trim()).toBe(
      `ledgersync: ledgersync runs at ${server?.url} (process ${serverPid()}) and holds ${dataDir}, so commands go through it, ` +
        `but it refused the admin token from LEDGERSYNC_ADMIN_TOKEN: use the one it uses (LEDGERSYNC_ADMIN_TOKEN as it was started, else ${join(dataDir, 'admin.token')})`,
    );

    // A folder held by a live process whose address answers nothing.
    const held = join(root, 'held');
    mkdirSync(held);
    const closedPort = await freePort();
    writeFileSync(
      join(held, 'server.json'),
      JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${closedPort}`, startedAt: new Date().toISOString() }),
    );
    writeFileSync(join(held, 'admin.token'), 'some-admin-token-0123456789\n');
    const unreachable = await runCli({ LEDGERSYNC_DATA_DIR: held }, 'projects', 'list');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(
      `ledgersync: cannot reach the ledgersync at http://127.0.0.1:${closedPort} (process ${process.pid}`,
    );
    expect(unreachable.stderr).toContain('ECONNREFUSED');

    // A command's own failure reads and exits as it does locally.
    const duplicate = await runCli(cliEnv, 'projects', 'create', '--name', 'acme');
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toBe(
      'ledgersync: project "acme" already exists (add a key with: pnpm ledgersync api-keys create --project acme)\n',
    );
    const usage = await runCli(cliEnv, 'projects', 'create');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("error: required option '--name <name>' not specified");
  });

  it('opens the data folder itself once the server is stopped; what it retried is pushed at the next start', {
    timeout: 200_000,
  }, async () => {
    if (server) await stop(server);
    const keys = await cli('api-keys', 'list', '--project', 'acme');
    expect(keys).toHaveLength(1);
    const retry = await runCli(cliEnv, 'accounts', 'retry', '--project', 'sandbox', '--all-failed', '--json');
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ requested: 1, retried: 1 });
    expect(retry.stderr).toContain('are pushed once `pnpm start` runs');

    server = await start();
    const account = await waitForSyncStatus(server.url, tenant(), strandedId, 'synced', 90_000);
    expect(account).toMatchObject({ id: strandedId, remote_id: expect.any(String) });
  });
});

describe('pnpm start with DATABASE_URL and REDIS_URL set', () => {
  it('runs the server mode: the API and a worker, as two processes of its own', { timeout: 60_000 }, async () => {
    // A database nobody serves: the first process to find out ends, the launcher ends the other,
    // and exits with the failure (test/chaos/pnpm-start-signals.test.ts runs it on real services).
    const closedPort = await freePort();
    const result = await promisify(execFile)(process.execPath, [launcher], {
      env: {
        PATH: process.env.PATH,
        LEDGERSYNC_DATA_DIR: join(root, 'server-mode'),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/x`,
        REDIS_URL: 'redis://127.0.0.1:6379',
      },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stdout).toContain('ledgersync: server mode');
    expect(result.stdout).toContain('Unset both DATABASE_URL and REDIS_URL');
    expect(`${result.stdout}${result.stderr}`).toMatch(/"name":"(api|worker)".*cannot start/);
    // `exec`: pnpm's child is the launcher itself, so the SIGTERM pnpm passes on reaches it.
    const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts;
    expect(scripts.start).toBe('exec node apps/embedded/bin/ledgersync-start.mjs');
    expect(scripts['start:services']).toBe('exec node apps/embedded/bin/ledgersync-start.mjs --services');
  });
});

function serverPid(): number {
  return (JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid: number }).pid;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
