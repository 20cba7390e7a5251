import { accounts } from '@ledgersync/db/schema';
import { createSweepProcessor } from '@ledgersync/worker';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// Postgres is the truth: work Redis loses is found again by the sweeper.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

const syncStatus = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0]?.syncStatus;

describe('nothing lost', () => {
  it('answers 201 while Redis is unreachable, and pushes the account once it is back', async () => {
    const t = await h.tenant();
    h.producer.disconnect();
    const response = await h.postAccount(t, { name: 'While Redis Was Down', type: 'Bank' });
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    expect(await syncStatus(id)).toBe('pending');
    expect(await h.queues.push.getJobState(id).catch(() => 'unreachable')).toBe('unreachable');

    await h.producer.connect();
    expect(await h.queues.push.getJobState(id)).toBe('unknown');
    const swept = await createSweepProcessor(h.context)();
    expect(swept.accounts).toBeGreaterThanOrEqual(1);
    await h.startWorkers();
    await waitFor('the account to sync', async () => (await syncStatus(id)) === 'synced');
    expect(h.fakes.quickbooks.accounts(t.realmId).map((a) => a.Name)).toEqual(['While Redis Was Down']);
    await h.stopWorkers();
  });

  it('pushes an account whose job the previous release queued under the old name, once, on the new queue', async () => {
    const t = await h.tenant();
    const id = (await h.postAccount(t, { name: 'Queued By The Old Release', type: 'Bank' })).json().id as string;
    // As the release before the job registry left it: a `push-account` job on the `accounts` queue.
    await h.queues.push.remove(id);
    const old = new Queue('accounts', { connection: h.producer, prefix: h.prefix });
    try {
      await old.add('push-account', { accountId: id }, { jobId: id });
      const swept = await createSweepProcessor(h.context)();
      expect(swept.accounts).toBeGreaterThanOrEqual(1);
      expect(await h.queues.push.getJobState(id)).toBe('waiting');
      await h.startWorkers();
      await waitFor('the account to sync', async () => (await syncStatus(id)) === 'synced');
      expect(h.fakes.quickbooks.accounts(t.realmId).filter((a) => a.Name === 'Queued By The Old Release')).toHaveLength(1);
      // No worker runs the old queue: its job stays where it was, to be deleted with the queue.
      expect(await old.getJobState(id)).toBe('waiting');
    } finally {
      await h.stopWorkers();
      await old.obliterate({ force: true });
      await old.close();
    }
  });

  it('re-enqueues pending accounts whose jobs Redis lost, and leaves queued ones alone', async () => {
    const t = await h.tenant();
    const post = async (name: string) =>
      (
        await h.postAccount(t, { name, type: 'Expense' })
      ).json().id as string;
    const lost = await post('Lost Job');
    const kept = await post('Kept Job');
    await h.queues.push.remove(lost);
    expect(await h.queues.push.getJobState(lost)).toBe('unknown');
    expect(await h.queues.push.getJobState(kept)).toBe('waiting');

    const swept = await createSweepProcessor(h.context)();
    expect(swept.accounts).toBe(1);
    expect(await h.queues.push.getJobState(lost)).toBe('waiting');

    await h.startWorkers();
    await waitFor('both accounts to sync', async () => (await syncStatus(lost)) === 'synced' && (await syncStatus(kept)) === 'synced');
    const names = h.fakes.quickbooks.accounts(t.realmId).map((a) => a.Name).sort();
    expect(names).toEqual(['Kept Job', 'Lost Job']);
    await h.stopWorkers();
  });
});
