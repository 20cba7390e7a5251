import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type ApiDeps, buildApp, createApiMetrics } from '@ledgersync/api';
import { createApiKey, createConnection, ensureProject, openDatabase } from '@ledgersync/db';
import { accounts } from '@ledgersync/db/schema';
import { createFakeProviders, type FakeProvidersOptions, startFakeProviders } from '@ledgersync/fake-providers';
import { createQueues, createRedis, createRedisLimiter, DEFAULT_QUEUE_SETTINGS } from '@ledgersync/jobs';
import { redaction } from '@ledgersync/runtime';
import { createSecretCipher } from '@ledgersync/secrets';
import { createWorkerMetrics, type RunningWorkers, startWorkers, type WorkerContext } from '@ledgersync/worker';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from './database.js';
import { waitFor } from './wait.js';
import { REDIS_URL } from './services.js';
import { startWebhookReceiver } from './webhook-receiver.js';

export interface HarnessOptions {
  /** Start the BullMQ workers in this process (default true). */
  workers?: boolean;
  settings?: Partial<WorkerContext['settings']>;
  pushAttempts?: number;
  /** Waits before each webhook retry (ms). */
  webhookSchedule?: number[];
  /** Serve the provider fakes under /sandbox and listen on a port, as `pnpm start` does. */
  sandbox?: boolean;
  /** A Redis of the test's own (one it stops and restarts), instead of the machine's. */
  redisUrl?: string;
  /** A database of the test's own (an upgrade test's, at an older migration), instead of a fresh clone. */
  database?: TestDatabase;
  /** Settings of the provider fakes (a small Xero app limit, ...); the secret is the harness'. */
  fakes?: Omit<FakeProvidersOptions, 'secret' | 'now'>;
}

/** Settings that keep the suites fast: short backoffs, sweeps only when a test asks. */
const FAST: WorkerContext['settings'] = {
  PUSH_CONCURRENCY: 10,
  PROVIDER_TIMEOUT_MS: 2_000,
  // QuickBooks documents a 60 s wait after a 429 without Retry-After; suites cannot wait that long.
  THROTTLE_WAIT_MS: 300,
  JOB_LOCK_MS: 30_000,
  STALLED_CHECK_MS: 30_000,
  PUSH_BACKOFF_BASE_MS: 50,
  PUSH_BACKOFF_MAX_MS: 400,
  PARENT_WAIT_MS: 100,
  WEBHOOK_CONCURRENCY: 10,
  WEBHOOK_TIMEOUT_MS: 2_000,
  SWEEP_INTERVAL_MS: 3_600_000,
  SWEEP_STALE_AFTER_MS: 0,
  // The suites' webhook receiver listens on 127.0.0.1.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: true,
  // Suites that count a realm's requests or inject faults into them do not want the sweeper's
  // scheduled pulls beside their pushes; a suite of the schedule turns it on, resyncs pull anyway.
  PULL_SCHEDULE: 'off',
};

/**
 * The whole product in one test process, on the machine's real Postgres and Redis: its own
 * database and queue prefix, the provider fakes over real HTTP, a webhook receiver, the API
 * (driven with inject) and the workers.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const database = options.database ?? (await createTestDatabase());
  const { db, close: closeDb } = openDatabase(database.url, { max: 10 });
  const encryptionKey = randomBytes(32);
  const cipher = createSecretCipher(encryptionKey);
  // Hash-tagged like the default prefix, so the suites run the key layout production uses.
  const prefix = `{lst-${randomBytes(4).toString('hex')}}`;
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const producer = createRedis(redisUrl, 'producer');
  const workerRedis = createRedis(redisUrl, 'worker');
  await new Promise((resolve) => producer.once('ready', resolve));
  const settings = {
    ...DEFAULT_QUEUE_SETTINGS,
    prefix,
    pushAttempts: options.pushAttempts ?? DEFAULT_QUEUE_SETTINGS.pushAttempts,
    webhookSchedule: options.webhookSchedule ?? [50, 50, 100, 100, 200, 200, 200],
  };
  const apiQueues = createQueues(producer, settings);
  const workerQueues = createQueues(workerRedis, settings);

  // Every log line of the run, as the JSON pino writes, so tests can look for leaked secrets.
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug', ...redaction }, sink);

  // QuickBooks realms start empty here, not with a new company's default chart: these tests count
  // and name the accounts they push. A test of pulls asks for `quickbooks: { books: 'default' }`.
  const fakes = await startFakeProviders({
    ...options.fakes,
    quickbooks: { books: 'empty', ...options.fakes?.quickbooks },
    secret: randomBytes(16).toString('hex'),
  });
  const receiver = await startWebhookReceiver();
  const sandboxSecret = randomBytes(16).toString('hex');
  const deps: ApiDeps = {
    db,
    cipher,
    queues: apiQueues,
    logger,
    health: async () => ({ database: true, redis: producer.status === 'ready' }),
    metrics: createApiMetrics(apiQueues),
    allowPrivateWebhookTargets: true,
    ...(options.sandbox ? { sandbox: createFakeProviders({ secret: sandboxSecret }) } : {}),
  };
  const app = await buildApp(deps);
  const url = options.sandbox ? await app.listen({ port: 0, host: '127.0.0.1' }) : undefined;
  const limiter = createRedisLimiter(workerRedis, prefix);
  const context: WorkerContext = { db, cipher, queues: workerQueues, limiter, logger, metrics: createWorkerMetrics(), settings: { ...FAST, ...options.settings } };
  let workers: RunningWorkers | undefined = options.workers === false ? undefined : await startWorkers(context, workerRedis);

  return {
    db,
    cipher,
    app,
    /** Where the API listens (only with `sandbox`). */
    url,
    databaseUrl: database.url,
    encryptionKey: encryptionKey.toString('base64'),
    sandboxSecret,
    fakes,
    receiver,
    logs,
    context,
    queues: apiQueues,
    workerQueues,
    prefix,
    producer,

    /** The environment of a worker process (see worker-process.ts) sharing this harness' state. */
    workerEnv(overrides: Record<string, string> = {}): Record<string, string> {
      return {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        LEDGERSYNC_ENCRYPTION_KEY: encryptionKey.toString('base64'),
        PUSH_ATTEMPTS: String(settings.pushAttempts),
        WEBHOOK_RETRY_SCHEDULE: settings.webhookSchedule.map((ms) => `${ms}ms`).join(','),
        PUSH_BACKOFF_BASE_MS: '50',
        PUSH_BACKOFF_MAX_MS: '400',
        PARENT_WAIT_MS: '100',
        PROVIDER_TIMEOUT_MS: '2000',
        WEBHOOK_TIMEOUT_MS: '2000',
        // Several worker processes run at once: none listens for Prometheus.
        METRICS_PORT: '0',
        ...overrides,
      };
    },

    async startWorkers() {
      workers ??= await startWorkers(context, workerRedis);
      return workers;
    },
    async stopWorkers(timeoutMs = 5_000) {
      await workers?.close(timeoutMs);
      workers = undefined;
    },

    /** `POST /accounting/accounts` as a tenant (its key and connection token). */
    postAccount(t: { apiKey: string; connectionToken: string }, payload: unknown, query = '') {
      return app.inject({
        method: 'POST',
        url: `/accounting/accounts${query}`,
        headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
        payload: payload as object,
      });
    },

    /** The account's row once its push is over (synced or failed). */
    settled(id: string, timeoutMs?: number) {
      return waitFor(
        `account ${id} to settle`,
        async () => {
          const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
          return row && (row.syncStatus === 'synced' || row.syncStatus === 'failed') ? row : undefined;
        },
        timeoutMs,
      );
    },

    /** `GET /accounting/accounts<path>` as a tenant. */
    getAccounts(t: { apiKey: string; connectionToken: string }, path = '') {
      return app.inject({ method: 'GET', url: `/accounting/accounts${path}`, headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken } });
    },

    /** A project with a live API key. */
    async project(name = `project-${randomBytes(3).toString('hex')}`) {
      const { project } = await ensureProject(db, name);
      const key = await createApiKey(db, project.id, 'test');
      return { projectId: project.id, apiKey: key.key };
    },

    /** A connection of the project to a provider's fake, with fresh OAuth tokens. */
    async connection(projectId: string, provider = 'quickbooks', tenantId?: string) {
      const fake = fakes.fakes.byProvider[provider];
      const baseUrl = (fakes.baseUrls as Record<string, string>)[provider];
      const tokenUrl = (fakes.tokenUrls as Record<string, string>)[provider];
      if (!fake || !baseUrl || !tokenUrl) throw new Error(`no fake for ${provider}`);
      const tenant = tenantId ?? fake.sandbox.newTenantId();
      const tokens = fake.mintTokens(tenant);
      const { connection, token } = await createConnection(db, cipher, {
        projectId,
        provider,
        tenantId: tenant,
        baseUrl,
        tokenUrl,
        credentials: {
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token,
          expiresAt: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
          clientId: fake.clientId,
          clientSecret: fake.clientSecret,
        },
      });
      // `realmId` is the tenant under QuickBooks' name, which most suites use.
      return { connectionId: connection.id, connectionToken: token, tenantId: tenant, realmId: tenant, accessToken: tokens.access_token };
    },

    quickbooksConnection(projectId: string) {
      return this.connection(projectId, 'quickbooks');
    },

    /** A project, its key, a connection (QuickBooks unless said) and a webhook endpoint: what most tests need. */
    async tenant(scope: string[] = ['accounting.account.created', 'accounting.account.failed'], provider = 'quickbooks') {
      const project = await this.project();
      const connection = await this.connection(project.projectId, provider);
      const hook = await app.inject({
        method: 'POST',
        url: '/webhooks',
        headers: { 'x-api-key': project.apiKey },
        payload: { url: receiver.url, description: 'test receiver', scope },
      });
      if (hook.statusCode !== 201) throw new Error(`webhook registration failed: ${hook.body}`);
      const { secret, id_webhook_endpoint } = hook.json() as { secret: string; id_webhook_endpoint: string };
      return { ...project, ...connection, webhookSecret: secret, webhookId: id_webhook_endpoint };
    },

    async close() {
      // DEBUG_CLOSE=1 prints how long each step took, to find what holds a suite's afterAll.
      const t0 = Date.now();
      const step = (name: string) => process.env.DEBUG_CLOSE && console.log(`close ${name} +${Date.now() - t0}ms`);
      await workers?.close(2_000);
      step('workers');
      await app.close();
      step('app');
      await Promise.allSettled([apiQueues.close(), workerQueues.close()]);
      step('queues');
      await deleteKeys(workerRedis, prefix);
      producer.disconnect();
      workerRedis.disconnect();
      await closeDb();
      step('db');
      await database.drop();
      step('drop');
      await fakes.close();
      step('fakes');
      await receiver.close();
      step('receiver');
    },
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
