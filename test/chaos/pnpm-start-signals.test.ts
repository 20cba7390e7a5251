import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts } from '@ledgersync/db/schema';
import { type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../support/api-client.js';
import { runCli } from '../support/cli.js';
import { type Harness, startHarness } from '../support/harness.js';
import { alive, killLeftovers, type PnpmStart, pnpmStart } from '../support/pnpm-start.js';
import { waitFor } from '../support/wait.js';

// `pnpm start` stopped the ways a user, `kill`, `timeout` or a supervisor stop it, while a push
// sits for seconds at the provider: one signal drains (the push completes), the whole tree goes,
// pnpm exits 0 without ELIFECYCLE, and the next start finds the data folder free.
const PUSH_DELAY_MS = 4_000;
type Stop = 'SIGTERM to pnpm' | 'Ctrl-C to the group' | 'SIGTERM to a child';

const started: number[] = [];
afterAll(() => killLeftovers(started));

/** Sends the signal the way `how` says; `child` picks the process of the tree to signal. */
function signal(run: PnpmStart, how: Stop, child: (tree: { pid: number; command: string }[]) => number | undefined) {
  if (how === 'SIGTERM to pnpm') process.kill(run.pid, 'SIGTERM');
  else if (how === 'Ctrl-C to the group') process.kill(-run.pid, 'SIGINT');
  else {
    const pid = child(run.tree());
    if (!pid) throw new Error(`no such child in:\n${JSON.stringify(run.tree(), null, 1)}`);
    process.kill(pid, 'SIGTERM');
  }
}

/** Waits for pnpm to exit and checks that the stop was clean and left nothing behind. */
async function expectCleanStop(run: PnpmStart, tree: number[]) {
  const [code, byThisSignal] = await run.exited;
  expect({ code, signal: byThisSignal }, run.output()).toEqual({ code: 0, signal: null });
  expect(run.output()).not.toContain('ELIFECYCLE');
  expect(run.output()).not.toContain('second signal');
  await waitFor('every process of the tree to be gone', () => tree.every((pid) => !alive(pid)), 10_000).catch(() => {
    throw new Error(`still running: ${tree.filter(alive).join(', ')}\n${run.output()}`);
  });
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('pnpm start, embedded mode: stopping', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledgersync-signals-'));
  const dataDir = join(root, 'data');
  const env: Record<string, string> = { LEDGERSYNC_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  let fakes: RunningFakeProviders;
  let tenant: { apiKey: string; connectionToken: string; realmId: string };
  const pushed: string[] = [];
  const embeddedReady = (output: string) => /embedded mode, API at (\S+)/.test(output);
  const url = () => `http://127.0.0.1:${env.PORT}`;

  beforeAll(async () => {
    // Realms start empty (no default chart): the test lists the accounts it pushed.
    fakes = await startFakeProviders({ secret: randomBytes(16).toString('hex'), quickbooks: { books: 'empty' } });
    env.PORT = String(await freePort());
  });
  afterAll(async () => {
    await fakes?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A project and a QuickBooks connection at this test's fake, made through the running server. */
  async function setUpTenant() {
    const cli = async (...args: string[]) => {
      const result = await runCli({ LEDGERSYNC_DATA_DIR: dataDir }, ...args, '--json');
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const project = await cli('projects', 'create', '--name', 'signals');
    const realmId = fakes.quickbooks.sandbox.newTenantId();
    const tokens = fakes.quickbooks.mintTokens(realmId);
    const connection = await cli(
      ...['connections', 'create', '--project', 'signals', '--provider', 'quickbooks', '--tenant-id', realmId],
      ...['--base-url', fakes.baseUrls.quickbooks, '--token-url', fakes.tokenUrls.quickbooks],
      ...['--access-token', tokens.access_token, '--refresh-token', tokens.refresh_token],
      ...['--client-id', fakes.quickbooks.clientId, '--client-secret', fakes.quickbooks.clientSecret],
      ...['--expires-at', new Date(Date.now() + tokens.expires_in * 1000).toISOString()],
    );
    tenant = { apiKey: project.api_key, connectionToken: connection.connection_token, realmId };
  }

  const headers = () => ({ 'x-api-key': tenant.apiKey, 'x-connection-token': tenant.connectionToken });

  /** Posts an account whose push the fake holds for seconds, and waits until it is there. */
  async function pushInFlight(name: string) {
    fakes.quickbooks.injectFault({ kind: 'delay', ms: PUSH_DELAY_MS }, { tenantId: tenant.realmId, times: 1 });
    const posted = await callApi(url(), '/accounting/accounts', { method: 'POST', headers: headers(), body: { name, type: 'Bank' } });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const id = posted.body.id as string;
    await waitFor('the push to reach the provider', () => fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id));
    pushed.push(id);
    return id;
  }

  /** The accounts pushed so far are synced, as the restarted server answers. */
  async function expectPushedSynced() {
    for (const id of pushed) {
      const account = await callApi(url(), `/accounting/accounts/${id}`, { headers: headers() });
      expect(account.body, id).toMatchObject({ id, remote_id: expect.any(String) });
    }
    const names = fakes.quickbooks.accounts(tenant.realmId).map((account) => account.Name);
    expect(names).toHaveLength(pushed.length);
  }

  const cases: Stop[] = ['SIGTERM to pnpm', 'Ctrl-C to the group', 'SIGTERM to a child'];
  it.each(cases)('%s: drains the push in flight and stops the whole tree, exit 0', { timeout: 200_000 }, async (how) => {
    // Each start after the first is also the check that the data folder was let go.
    const run = await pnpmStart(env, embeddedReady);
    const tree = run.tree().map((p) => p.pid);
    started.push(...tree);
    if (!tenant) await setUpTenant();
    await expectPushedSynced();
    const id = await pushInFlight(`In flight (${how})`);
    // The child: the server itself, the process that holds the data folder.
    const serverPid = (JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid: number }).pid;
    signal(run, how, () => serverPid);
    await expectCleanStop(run, tree);
    expect(fakes.quickbooks.accounts(tenant.realmId).some((account) => account.Name === `In flight (${how})`), id).toBe(true);
  });

  it('the last stop left the folder free and the push synced', { timeout: 200_000 }, async () => {
    const run = await pnpmStart(env, embeddedReady);
    started.push(...run.tree().map((p) => p.pid));
    await expectPushedSynced();
    process.kill(run.pid, 'SIGTERM');
    await expectCleanStop(run, []);
  });
});

describe('pnpm start, server mode (API and worker as two processes): stopping', () => {
  let h: Harness;
  let env: Record<string, string>;
  const root = mkdtempSync(join(tmpdir(), 'ledgersync-signals-server-'));
  const serverReady = (output: string) => output.includes('ledgersync API ready') && output.includes('workers started');

  beforeAll(async () => {
    h = await startHarness({ workers: false });
    env = { ...h.workerEnv({ PROVIDER_TIMEOUT_MS: '15000' }), PORT: String(await freePort()), LOG_LEVEL: 'info', LEDGERSYNC_DATA_DIR: root };
  });
  afterAll(async () => {
    await h?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const cases: Stop[] = ['SIGTERM to pnpm', 'Ctrl-C to the group', 'SIGTERM to a child'];
  it.each(cases)('%s: drains the push in flight and stops the whole tree, exit 0', { timeout: 120_000 }, async (how) => {
    const run = await pnpmStart(env, serverReady);
    const tree = run.tree().map((p) => p.pid);
    started.push(...tree);
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'delay', ms: PUSH_DELAY_MS }, { tenantId: t.realmId, times: 1 });
    const id = (await h.postAccount(t, { name: 'In Flight', type: 'Bank' })).json().id as string;
    await waitFor('the push to reach the provider', () =>
      h.fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id),
    );
    // The child: the worker, the process holding the push.
    signal(run, how, (processes) => processes.find((p) => p.command.includes('apps/worker/'))?.pid);
    await expectCleanStop(run, tree);
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    expect(row?.syncStatus, run.output()).toBe('synced');
    expect(h.fakes.quickbooks.accounts(t.realmId).map((account) => account.Name)).toEqual(['In Flight']);
  });
});
