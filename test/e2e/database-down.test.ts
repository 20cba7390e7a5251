import { buildApp } from '@ledgersync/api';
import { createQueues, createRedis } from '@ledgersync/jobs';
import { openDatabase } from '@ledgersync/db';
import { createSecretCipher, issueToken } from '@ledgersync/secrets';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from '../support/services.js';

// Postgres is unreachable (nothing listens on port 1): the intake says so, and stores nothing.
const database = openDatabase('postgres://postgres@127.0.0.1:1/ledgersync', { max: 1 });
const redis = createRedis(REDIS_URL, 'producer');
const queues = createQueues(redis, { prefix: `lst-${randomBytes(4).toString('hex')}`, pushAttempts: 1, webhookSchedule: [] });

afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await database.close();
});

describe('Postgres down at intake', () => {
  it('answers 503 with a clear error', async () => {
    const app = await buildApp({
      db: database.db,
      cipher: createSecretCipher(randomBytes(32)),
      queues,
      logger: pino({ level: 'silent' }),
      health: async () => ({ database: false, redis: true }),
    });
    const response = await app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { 'x-api-key': issueToken('lsk').token, 'x-connection-token': issueToken('lct').token },
      payload: { name: 'Cash', type: 'Bank' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'service_unavailable', message: expect.stringContaining('nothing was stored') });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    await app.close();
  });
});
