import { resolve } from 'node:path';
import { DEFAULT_WEBHOOK_SCHEDULE, parseRetrySchedule, type QueueSettings } from '@ledgersync/jobs';
import { parseEncryptionKeys } from '@ledgersync/secrets';
import { z } from 'zod';

/** An integer setting: "2000" → 2000, with a lower bound. */
export const intSetting = (defaultValue: number, min = 0) => z.coerce.number().int().min(min).default(defaultValue);

/** Settings every ledgersync process shares. Each app extends this in its own `src/env.ts`. */
export const serviceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` (pino's lines) or `pretty`; unset: pretty in development at a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Unset, with REDIS_URL unset too: the embedded mode. Filled in by `withRunMode` (every app's env.ts). */
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  /**
   * Redis key prefix of every queue. Hash-tagged (`{...}`) so a Redis Cluster keeps all of
   * BullMQ's keys, and the limiter's, in one slot, as their Lua scripts require.
   */
  QUEUE_PREFIX: z.string().min(1).default('{ledgersync}'),
  /** 32 random bytes, base64. Required in production; generated under LEDGERSYNC_DATA_DIR otherwise. */
  LEDGERSYNC_ENCRYPTION_KEY: z.string().optional(),
  /** Keys LEDGERSYNC_ENCRYPTION_KEY replaced, comma-separated base64: read until `ledgersync keys rotate` has re-encrypted everything. */
  LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS: z
    .string()
    .optional()
    .refine((list) => {
      try {
        parseEncryptionKeys(list);
        return true;
      } catch {
        return false;
      }
    }, 'each key must be 32 random bytes, base64, separated by commas'),
  /** Local state of a development install (the generated encryption key). */
  LEDGERSYNC_DATA_DIR: z.string().default('.ledgersync'),
  /** Push attempts (transient errors only) before an account is `failed`; the API and the sweeper enqueue too. */
  PUSH_ATTEMPTS: intSetting(8, 1),
  /** Waits before each webhook retry (Svix's schedule); the API's replays and the worker share it. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_WEBHOOK_SCHEDULE)
    .transform((text, ctx) => {
      try {
        return parseRetrySchedule(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
});

/**
 * Which mode the settings select. The embedded mode (PGlite in the data folder, one process) runs
 * when neither service is configured: DATABASE_URL or REDIS_URL set selects the server mode
 * (Postgres and Redis; the other one defaults to its local server). An empty variable counts as
 * unset, as everywhere in the settings.
 */
export type RunMode = 'embedded' | 'server';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ledgersync';
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Says which mode the settings select (`mode`), then fills in the services' defaults. Every app's
 * env.ts ends its schema with it, so the mode is read from the parsed settings, never from
 * process.env: the defaults would hide whether a URL was set.
 */
export function withRunMode<T extends { DATABASE_URL?: string | undefined; REDIS_URL?: string | undefined }>(env: T) {
  const mode: RunMode = env.DATABASE_URL || env.REDIS_URL ? 'server' : 'embedded';
  return { ...env, mode, DATABASE_URL: env.DATABASE_URL ?? LOCAL_DATABASE_URL, REDIS_URL: env.REDIS_URL ?? LOCAL_REDIS_URL };
}

export const serviceSettingsSchema = serviceEnvSchema.transform(withRunMode);
export type ServiceEnv = z.infer<typeof serviceSettingsSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Parses the environment once at boot. A bad or missing variable fails with one message that
 * lists every bad key, so a deploy is fixed in one go.
 */
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined> = process.env): z.infer<T> {
  // An empty variable means "not set" (docker-compose writes FOO= for unset values).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigurationError(`invalid configuration:\n${problems.join('\n')}`);
}

/** `load()` for an entry point: a configuration error prints its list of bad keys and exits. */
export function loadEnvOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

export function dataDir(env: ServiceEnv): string {
  return resolve(env.LEDGERSYNC_DATA_DIR);
}

/**
 * Where the API is reached and how its sandbox signs tokens: the API serves the sandbox, the CLI
 * hands out sandbox credentials, and both must agree.
 */
export const sandboxEnvSchema = z.object({
  PORT: intSetting(3000, 0),
  /** The URL clients reach the API at (default http://127.0.0.1:PORT). */
  PUBLIC_URL: z.url().optional(),
  /** Signing key of the sandbox fakes' OAuth tokens (default: derived from the encryption key). */
  SANDBOX_SECRET: z.string().min(16).optional(),
});

export function publicUrl(env: { PORT: number; PUBLIC_URL?: string | undefined }): string {
  return (env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, '');
}

/** The queue settings every process must agree on: whoever enqueues a job sets its attempts. */
export function queueSettingsFromEnv(env: ServiceEnv): QueueSettings {
  return { prefix: env.QUEUE_PREFIX, pushAttempts: env.PUSH_ATTEMPTS, webhookSchedule: env.WEBHOOK_RETRY_SCHEDULE };
}
