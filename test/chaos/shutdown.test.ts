import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';
import { spawnWorker } from '../support/worker-process.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

describe('worker shutdown', () => {
  it('on SIGTERM, finishes the push in flight before it exits', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'delay', ms: 1_500 }, { tenantId: t.realmId });
    const worker = await spawnWorker(h.workerEnv());
    const id = (await h.postAccount(t, { name: 'In Flight', type: 'Bank' })).json().id as string;
    await waitFor('the push to reach the provider', () =>
      h.fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id),
    );
    const started = Date.now();
    expect(await worker.stop()).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(1_000);
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    expect(row?.syncStatus).toBe('synced');
  });

  it('exits at once on a second signal', async () => {
    const t = await h.tenant();
    h.fakes.quickbooks.injectFault({ kind: 'delay', ms: 10_000 }, { tenantId: t.realmId });
    const worker = await spawnWorker(h.workerEnv());
    const id = (await h.postAccount(t, { name: 'Stuck', type: 'Bank' })).json().id as string;
    await waitFor('the push to reach the provider', () =>
      h.fakes.quickbooks.requests.some((r) => r.method === 'POST' && r.query.requestid === id),
    );
    const started = Date.now();
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = new Promise<number | null>((resolve) => worker.child.once('exit', (code) => resolve(code)));
    worker.child.kill('SIGTERM');
    expect(await exit).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(worker.lines.some((line) => line.includes('second signal'))).toBe(true);
  });
});
