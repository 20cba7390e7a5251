import { randomBytes } from 'node:crypto';
import { openDatabase } from '@ledgersync/db';
import { createQueues, createRedis, DEFAULT_QUEUE_SETTINGS } from '@ledgersync/jobs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../../test/support/harness.js';
import { readinessRoute } from './readiness.js';

// Nothing listens on port 1: a Postgres or a Redis there is unreachable at once.
const UNREACHABLE_POSTGRES = 'postgres://postgres@127.0.0.1:1/ledgersync';
const UNREACHABLE_REDIS = 'redis://127.0.0.1:1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

async function readyz(deps: Parameters<typeof readinessRoute>[0]) {
  const app = Fastify();
  await app.register(readinessRoute(deps));
  try {
    return await app.inject({ method: 'GET', url: '/readyz' });
  } finally {
    await app.close();
  }
}

describe('GET /readyz', () => {
  it('is 200 when Postgres and the queue answer', async () => {
    const response = await readyz({ db: h.db, queues: h.queues });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: true, queue: true });
  });

  it('is 503 naming the database when Postgres is unreachable', async () => {
    const database = openDatabase(UNREACHABLE_POSTGRES, { max: 1 });
    try {
      const response = await readyz({ db: database.db, queues: h.queues });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', database: false, queue: true, unreachable: ['database'] });
    } finally {
      await database.close();
    }
  });

  it('is 503 naming the queue when its Redis is unreachable', async () => {
    const redis = createRedis(UNREACHABLE_REDIS, 'producer');
    redis.on('error', () => {});
    const queues = createQueues(redis, { ...DEFAULT_QUEUE_SETTINGS, prefix: `lst-${randomBytes(4).toString('hex')}` });
    try {
      const response = await readyz({ db: h.db, queues });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'not_ready', database: true, queue: false, unreachable: ['queue'] });
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });
});
