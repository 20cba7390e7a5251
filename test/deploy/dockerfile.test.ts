import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadComposeFile, repoFile } from './compose-file.js';
import { execForm, lastOf, loadDockerfile } from './dockerfile.js';
import { runHealthCheck } from './health-check.js';

// The image cannot be built here (no Docker engine): these tests read the Dockerfile and check it
// against the repository — stages, user, health check, and that the commands it and
// docker-compose.yml run exist in the build.
const stages = loadDockerfile();
const runtime = stages.at(-1);
if (!runtime) throw new Error('the Dockerfile has no stage');
const compose = loadComposeFile();

describe('Dockerfile', () => {
  it('installs dependencies, builds, and ships a slim runtime stage as the default target', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['base', 'deps', 'build', 'runtime']);
    // The runtime starts from the bare Node image: no pnpm store, compiler or dev dependencies.
    expect(runtime.from).toBe(stages[0]?.from);
    const copiedFrom = runtime.instructions
      .filter((instruction) => instruction.keyword === 'COPY')
      .map((instruction) => /--from=(\S+)/.exec(instruction.args)?.[1]);
    expect(new Set(copiedFrom)).toEqual(new Set(['build']));
  });

  it('installs the pnpm version package.json pins', () => {
    const { packageManager } = JSON.parse(readFileSync(repoFile('package.json'), 'utf8'));
    const installs = stages.flatMap((stage) => stage.instructions).filter((instruction) => /\bpnpm@/.test(instruction.args));
    expect(installs.map((instruction) => /\bpnpm@(\S+)/.exec(instruction.args)?.[1])).toEqual([packageManager.replace(/^pnpm@/, '')]);
  });

  it('runs as a non-root user', () => {
    const user = lastOf(runtime, 'USER');
    expect(user).toBeDefined();
    expect(user?.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('runs in production mode and listens on every interface', () => {
    const env = runtime.instructions.filter((instruction) => instruction.keyword === 'ENV').map((instruction) => instruction.args);
    expect(env.join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(env.join(' ')).toMatch(/\bHOST=0\.0\.0\.0\b/);
  });

  it("checks the API's health on /healthz and runs the API by default", async () => {
    const check = execForm(lastOf(runtime, 'HEALTHCHECK') ?? '');
    expect(await runHealthCheck(check, 200)).toBe(0);
    expect(await runHealthCheck(check, 503)).not.toBe(0);
    expect(execForm(lastOf(runtime, 'CMD') ?? '')).toEqual(compose.services.api?.command);
  });

  it('runs builds that exist: every `node apps/<app>/dist/<entry>.js` has its source', () => {
    const commands = [execForm(lastOf(runtime, 'CMD') ?? ''), ...Object.values(compose.services).map((service) => service.command ?? [])];
    const entries = commands.flat().filter((arg) => /^apps\/.+\.js$/.test(arg));
    expect(entries).toContain('apps/worker/dist/main.js');
    for (const entry of entries) {
      expect(existsSync(repoFile(entry.replace(/\/dist\/(.*)\.js$/, '/src/$1.ts'))), entry).toBe(true);
    }
  });

  it('keeps installed dependencies, host builds, local state and secrets out of the build context', () => {
    const ignored = readFileSync(repoFile('.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.ledgersync', '.env', '.git']));
  });
});
