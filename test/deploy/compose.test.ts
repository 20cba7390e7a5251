import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { apiEnvSchema } from '@ledgersync/api';
import { parseEnv, serviceSettingsSchema } from '@ledgersync/runtime';
import { workerEnvSchema } from '@ledgersync/worker';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ComposeService, durationMs, environmentOf, loadComposeFile, repoFile, settingNames } from './compose-file.js';
import { runHealthCheck } from './health-check.js';

// docker-compose.yml cannot be run here (no Docker engine): these tests keep it in step with the
// code instead — every setting it passes is one the apps read, with a value they accept.
const compose = loadComposeFile();
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
};
// What the operator exports before `docker compose up` (the file's header says so).
const operatorEnv = { LEDGERSYNC_ENCRYPTION_KEY: 'k2nKTp8cS0YH1Jm+0m8pZ8mJmQ7rN0oSg6Jbl0wEr4U=', LEDGERSYNC_ADMIN_TOKEN: '9f2c4e7a1b3d5f60718293a4b5c6d7e8' };
const appServices = ['migrate', 'api', 'worker'];
// The migration runs the CLI, whose settings extend the shared ones: a shared one is enough for it.
const schemas = { migrate: serviceSettingsSchema, api: apiEnvSchema, worker: workerEnvSchema };

describe('docker-compose.yml', () => {
  it('runs Postgres, Redis, a one-shot migration, the API and the workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it('builds one image from the Dockerfile for the migration, the API and the workers', () => {
    const images = new Set(appServices.map((name) => JSON.stringify([service(name).image, service(name).build])));
    expect(images.size).toBe(1);
    expect(service('api').build).toBe('.');
  });

  it('keeps Postgres and Redis data in named volumes, with health checks', () => {
    expect(service('postgres').volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(service('redis').volumes).toContain('redis-data:/data');
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));
    expect(service('postgres').healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(service('redis').healthcheck?.test?.join(' ')).toContain('ping');
  });

  it('runs Redis the way BullMQ needs it: noeviction, with the append-only file on', () => {
    const command = service('redis').command ?? [];
    const option = (name: string) => command[command.indexOf(`--${name}`) + 1];
    expect(command[0]).toBe('redis-server');
    expect(option('maxmemory-policy')).toBe('noeviction');
    expect(option('appendonly')).toBe('yes');
  });

  it('migrates once with the admin CLI before the API and the workers start', async () => {
    const migrate = service('migrate');
    expect(migrate.command).toEqual(['ledgersync', 'migrate']);
    expect(migrate.restart ?? 'no').toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on, name).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    // `ledgersync` is on the image's PATH because the root package depends on the CLI.
    const root = JSON.parse(readFileSync(repoFile('package.json'), 'utf8'));
    const cli = JSON.parse(readFileSync(repoFile('apps/cli/package.json'), 'utf8'));
    expect(root.dependencies).toHaveProperty(cli.name);
    expect(cli.bin).toHaveProperty('ledgersync');
    const help = await runCli({}, 'migrate', '--help');
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('migrations');
  });

  it('publishes the API on the port it listens on, on every interface', () => {
    const env = parseEnv(apiEnvSchema, environmentOf(service('api'), operatorEnv));
    expect(env.HOST).toBe('0.0.0.0');
    expect(service('api').ports).toEqual([expect.stringMatching(new RegExp(`:${env.PORT}$`))]);
  });

  it("checks the API's health on /healthz: healthy on 200, unhealthy on 503 or when nothing answers", async () => {
    const [kind, ...command] = service('api').healthcheck?.test ?? [];
    expect(kind).toBe('CMD');
    expect(await runHealthCheck(command, 200)).toBe(0);
    expect(await runHealthCheck(command, 503)).not.toBe(0);
    expect(await runHealthCheck(command, undefined)).not.toBe(0);
  });

  it('lets the workers scale: no container name, no published port, no API health check, time to finish their jobs', () => {
    const worker = service('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    // The image's HEALTHCHECK probes the API's port, which a worker (or the migration) does not open.
    expect(worker.healthcheck).toEqual({ disable: true });
    expect(service('migrate').healthcheck).toEqual({ disable: true });
    const { SHUTDOWN_TIMEOUT_MS } = parseEnv(workerEnvSchema, environmentOf(worker, operatorEnv));
    expect(durationMs(worker.stop_grace_period ?? '10s')).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS);
  });

  it.each(appServices)('passes the %s service only settings its env module knows', (name) => {
    const known = settingNames(schemas[name as keyof typeof schemas]);
    const unknown = Object.keys(service(name).environment ?? {}).filter((key) => !known.includes(key));
    expect(unknown).toEqual([]);
  });

  it.each(appServices)('gives the %s service valid production settings, pointing at the compose Postgres and Redis', (name) => {
    const env = parseEnv(schemas[name as keyof typeof schemas], environmentOf(service(name), operatorEnv));
    expect(env.NODE_ENV).toBe('production');
    expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
    expect(new URL(env.REDIS_URL).hostname).toBe('redis');
    expect(env.LEDGERSYNC_ENCRYPTION_KEY).toBe(operatorEnv.LEDGERSYNC_ENCRYPTION_KEY);
  });

  it('refuses to start without the operator’s LEDGERSYNC_ENCRYPTION_KEY: production has no generated key', () => {
    for (const name of appServices) {
      expect(() => environmentOf(service(name), {}), name).toThrow(/^LEDGERSYNC_ENCRYPTION_KEY: set LEDGERSYNC_ENCRYPTION_KEY/);
    }
  });

  it('turns the sandbox off in production unless the operator asks for it', () => {
    expect(parseEnv(apiEnvSchema, environmentOf(service('api'), operatorEnv)).SANDBOX).toBe(false);
    expect(parseEnv(apiEnvSchema, environmentOf(service('api'), { ...operatorEnv, SANDBOX: 'true' })).SANDBOX).toBe(true);
  });

  // The Docker client here has no compose plugin; where it has one, its own parser checks the file too.
  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!composePlugin)(
    `is accepted by \`docker compose config\`${composePlugin ? '' : ' (skipped: no `docker compose` plugin on this machine)'}`,
    async () => {
      const config = (env: Record<string, string>) =>
        promisify(execFile)('docker', ['compose', '--file', repoFile('docker-compose.yml'), 'config', '--quiet'], {
          env: { PATH: process.env.PATH, ...env },
        });
      await expect(config(operatorEnv)).resolves.toBeDefined();
      await expect(config({})).rejects.toThrow(/LEDGERSYNC_ENCRYPTION_KEY/);
    },
  );
});
