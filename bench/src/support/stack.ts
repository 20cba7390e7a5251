import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '@ledgersync/db';
import { createQueues, createRedis, DEFAULT_QUEUE_SETTINGS, type Queues } from '@ledgersync/jobs';
import { createSecretCipher, type SecretCipher } from '@ledgersync/secrets';
import { cloneDatabase, databaseUrl, dropDatabase, REDIS_URL } from './services.js';

export type BenchRedis = ReturnType<typeof createRedis>;

/**
 * What one scenario runs on: its own database (a clone of the run's template), its own queue
 * prefix, one encryption key shared with the processes it starts, and the product's queues.
 */
export interface Stack {
  databaseUrl: string;
  database: Database;
  cipher: SecretCipher;
  /** base64, as LEDGERSYNC_ENCRYPTION_KEY. */
  encryptionKey: string;
  prefix: string;
  redis: BenchRedis;
  queues: Queues;
  /** The environment every ledgersync process of this scenario shares. */
  env(overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function createStack(template: string): Promise<Stack> {
  const name = await cloneDatabase(template);
  const url = databaseUrl(name);
  // Small: the orchestrator only sets up and counts; the processes under test hold their own pools.
  const database = openDatabase(url, { max: 4, statementTimeoutMs: 0 });
  const key = randomBytes(32);
  // Hash-tagged like the default prefix, so the key layout is production's.
  const prefix = `{lsb-${randomBytes(4).toString('hex')}}`;
  const redis = createRedis(REDIS_URL, 'worker');
  const queues = createQueues(redis, { ...DEFAULT_QUEUE_SETTINGS, prefix });
  return {
    databaseUrl: url,
    database,
    cipher: createSecretCipher(key),
    encryptionKey: key.toString('base64'),
    prefix,
    redis,
    queues,
    env(overrides = {}) {
      return {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: url,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        LEDGERSYNC_ENCRYPTION_KEY: key.toString('base64'),
        SANDBOX: 'false',
        // The webhook receiver listens on 127.0.0.1, which production refuses by default.
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        // The per-key limit stays on (its Redis counter is part of every request) but far above
        // what one key sends here, as an operator expecting this load would set it.
        API_RATE_LIMIT: '1000000/min',
        // Several workers run at once; their metrics endpoints are not scraped here.
        METRICS_PORT: '0',
        ...overrides,
      };
    },
    async close() {
      await queues.close();
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await database.close();
      await dropDatabase(name);
    },
  };
}

export async function deleteKeys(redis: BenchRedis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
