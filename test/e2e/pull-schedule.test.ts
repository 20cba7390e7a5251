import { ensurePullStates, finishPass, loadPullState, setConnectionRateLimits } from '@ledgersync/db';
import { type PullJob, pullJobId, type RatePolicy } from '@ledgersync/jobs';
import { createPullProcessor, createSweepProcessor, type WorkerContext } from '@ledgersync/worker';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBook } from '../support/fake-book.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type OwnRedis, ownRedis } from '../support/own-redis.js';

// Pushes go first on a connection a pull reads; the pull schedule lives in Postgres; the /sync
// endpoints. On a Redis of the test's own: one test flushes it.

let redis: OwnRedis;
let h: Harness;
beforeAll(async () => {
  redis = await ownRedis();
  await redis.start();
  h = await startHarness({ workers: false, redisUrl: redis.url, settings: { PULL_SCHEDULE: 'on' } });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await redis?.kill();
});

const headers = (t: { apiKey: string; connectionToken: string }) => ({ 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken });

function pullJob(connectionId: string): Job<PullJob> {
  return {
    id: pullJobId(connectionId, 'account'),
    data: { connection_id: connectionId, object: 'account', mode: 'full' },
    attemptsMade: 0,
    opts: { attempts: 8 },
    moveToDelayed: async () => {},
  } as unknown as Job<PullJob>;
}

describe('a push during a pull of the same connection', () => {
  it('waits behind the pull for one request at most (counted at the provider)', async () => {
    const t = await h.tenant(['sync.completed']);
    await ensurePullStates(h.db, { projectId: t.projectId, connectionId: t.connectionId }, ['account'], new Date());
    // One request in flight at a time, so every request of either direction takes the same slot.
    const windows = [{ limit: 1_000, periodMs: 1_000 }];
    await setConnectionRateLimits(h.db, t.connectionId, { windows, concurrency: 1 });
    const book = new FakeBook(1, 20);
    book.seed(40);
    const context: WorkerContext = { ...h.context, pullReaders: { handler: () => book.handler() as never } };
    const pulling = createPullProcessor(context)(pullJob(t.connectionId), 'token');

    // A push as the push processor admits one: ask, wait what it is told, ask again; then send and release.
    const policy: RatePolicy = { windows, concurrency: 1, leaseMs: 7_000, app: 'quickbooks' };
    const waits: number[] = [];
    for (let push = 0; push < 3; push++) {
      const start = book.requests.length + 4;
      while (book.requests.length < start) await new Promise((resolve) => setTimeout(resolve, 5));
      const asked = book.requests.length;
      for (;;) {
        const admission = await h.context.limiter.admit(t.connectionId, `push-${push}`, policy);
        if (admission.admitted) break;
        await new Promise((resolve) => setTimeout(resolve, admission.waitMs));
      }
      waits.push(book.requests.length - asked);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await h.context.limiter.release(t.connectionId, `push-${push}`);
    }
    expect(await pulling).toMatchObject({ outcome: 'pulled', added: 40 });
    // The request in flight when the push asked may end; the pull sends none after it while the push waits.
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('the pull schedule', () => {
  it('enqueues a due pull from Postgres, and again after Redis lost its data', async () => {
    const t = await h.tenant(['sync.completed']);
    await ensurePullStates(
      h.db,
      { projectId: t.projectId, connectionId: t.connectionId },
      ['account', 'taxrate'],
      new Date(Date.now() - 1_000),
    );
    // Not due yet: the next run is in a quarter of an hour.
    await finishPass(h.db, t.connectionId, 'taxrate', {
      watermark: 'w',
      nextRunAt: new Date(Date.now() + 900_000),
      records: 0,
      full: true,
      lastError: null,
      now: new Date(),
    });
    const sweep = createSweepProcessor(h.context);
    await sweep();
    const job = await h.workerQueues.pull.getJob(pullJobId(t.connectionId, 'account'));
    expect(job?.data).toEqual({ connection_id: t.connectionId, object: 'account', mode: 'full' });
    expect(await h.workerQueues.pull.getJob(pullJobId(t.connectionId, 'taxrate'))).toBeUndefined();
    // Swept again while queued: still one job of it (the sweeper also puts the connection's other
    // objects, which its provider reads, on the schedule).
    await sweep();
    const waiting = await h.workerQueues.pull.getJobs(['waiting']);
    expect(waiting.filter((j) => j.data.connection_id === t.connectionId && j.data.object === 'account')).toHaveLength(1);

    await redis.flush();
    expect(await h.workerQueues.pull.getJob(pullJobId(t.connectionId, 'account'))).toBeUndefined();
    await sweep();
    expect((await h.workerQueues.pull.getJob(pullJobId(t.connectionId, 'account')))?.data.mode).toBe('full');
  });
});

describe('/sync', () => {
  it('POST /sync/resync answers 201 once a full pull of the connection’s objects is enqueued', async () => {
    const t = await h.tenant(['sync.completed']);
    await ensurePullStates(h.db, { projectId: t.projectId, connectionId: t.connectionId }, ['account'], new Date(Date.now() + 900_000));
    await finishPass(h.db, t.connectionId, 'account', {
      watermark: 'w',
      nextRunAt: new Date(Date.now() + 900_000),
      records: 3,
      full: true,
      lastError: null,
      now: new Date(),
    });
    const answer = await h.app.inject({ method: 'POST', url: '/sync/resync', headers: headers(t) });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toEqual({ timestamp: expect.any(String), vertical: 'accounting', provider: 'quickbooks', status: 'success' });
    expect((await h.queues.pull.getJob(pullJobId(t.connectionId, 'account')))?.data.mode).toBe('full');
    // A pull already queued as incremental reads this and pulls in full.
    expect((await loadPullState(h.db, t.connectionId, 'account'))?.fullRequested).toBe(true);
    expect((await h.app.inject({ method: 'POST', url: '/sync/resync', headers: { 'x-api-key': t.apiKey } })).statusCode).toBe(400);
  });

  it('GET /sync/status/accounting answers per object: status, last_success_at, last_error, next_run_at, records', async () => {
    const t = await h.tenant(['sync.completed']);
    await ensurePullStates(h.db, { projectId: t.projectId, connectionId: t.connectionId }, ['account', 'taxrate'], new Date());
    const now = new Date();
    const next = new Date(now.getTime() + 900_000);
    await finishPass(h.db, t.connectionId, 'account', {
      watermark: 'w',
      nextRunAt: next,
      records: 12,
      full: true,
      lastError: {
        code: 'skipped_records',
        message: '1 record(s) could not be mapped',
        skipped: [{ remote_id: '9', reason: 'unknown type' }],
      },
      now,
    });
    const answer = await h.app.inject({ method: 'GET', url: '/sync/status/accounting', headers: headers(t) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      vertical: 'accounting',
      provider: 'quickbooks',
      connection_id: t.connectionId,
      objects: {
        account: {
          status: 'idle',
          last_success_at: now.toISOString(),
          last_error: {
            code: 'skipped_records',
            message: '1 record(s) could not be mapped',
            skipped: [{ remote_id: '9', reason: 'unknown type' }],
          },
          next_run_at: next.toISOString(),
          records: 12,
        },
        taxrate: { status: 'idle', last_success_at: null, last_error: null, next_run_at: expect.any(String), records: 0 },
      },
    });
    expect((await h.app.inject({ method: 'GET', url: '/sync/status/crm', headers: headers(t) })).statusCode).toBe(404);
  });

  it('POST and GET /sync/pull_frequencies keep the project’s accounting frequency (seconds) and move its next runs', async () => {
    const t = await h.tenant(['sync.completed']);
    await ensurePullStates(h.db, { projectId: t.projectId, connectionId: t.connectionId }, ['account'], new Date(Date.now() + 900_000));
    const key = { 'x-api-key': t.apiKey };
    expect((await h.app.inject({ method: 'GET', url: '/sync/pull_frequencies', headers: key })).json()).toMatchObject({ accounting: 900 });
    const set = await h.app.inject({
      method: 'POST',
      url: '/sync/pull_frequencies',
      headers: key,
      payload: { accounting: 300, crm: 0, filestorage: 0, ecommerce: 0, ticketing: 0 },
    });
    expect(set.statusCode).toBe(201);
    expect((await h.app.inject({ method: 'GET', url: '/sync/pull_frequencies', headers: key })).json()).toEqual({
      accounting: 300,
      crm: 0,
      filestorage: 0,
      ecommerce: 0,
      ticketing: 0,
    });
    const next = (await loadPullState(h.db, t.connectionId, 'account'))?.nextRunAt?.getTime() ?? 0;
    expect(next).toBeLessThanOrEqual(Date.now() + 300_000 + 1_000);
    expect(
      (await h.app.inject({ method: 'POST', url: '/sync/pull_frequencies', headers: key, payload: { accounting: 5 } })).statusCode,
    ).toBe(400);
  });
});
