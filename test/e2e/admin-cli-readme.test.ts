import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliIn } from '../support/cli.js';
import { freePort, type StartedServer, startEmbeddedServer, stopEmbeddedServer } from '../support/embedded-server.js';

// The README's admin CLI lines, run as written (read from README.md here, so the two cannot
// drift) from a terminal of their own against `pnpm start` with nothing configured, right after
// the quick start's `sandbox`: so the install has two projects, as a new user's has.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'ledgersync-readme-'));
const dataDir = join(root, 'data');
// The user's terminal: another folder than the server's, holding their own files.
const home = join(root, 'home');
mkdirSync(home);
const cliEnv = { LEDGERSYNC_DATA_DIR: dataDir };
const cli = (...args: string[]) => runCliIn(home, cliEnv, ...args);
let server: StartedServer | undefined;

beforeAll(async () => {
  const env = { PATH: process.env.PATH, LEDGERSYNC_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: String(await freePort()) };
  server = await startEmbeddedServer(env);
}, 180_000);
afterAll(async () => {
  if (server) await stopEmbeddedServer(server);
  rmSync(root, { recursive: true, force: true });
});

/** A README section, from its heading to the next one. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThan(-1);
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

/** The `sh` blocks of a section, continuation lines joined, comments dropped. */
function shellLines(text: string): string[] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

/**
 * The command lines a README line stands for: `a|b` is one line per alternative, `[...]` is
 * included. Arguments only: `pnpm ledgersync` is dropped.
 */
function expand(line: string): string[][] {
  expect(line, 'README CLI lines are plain words (no quotes)').not.toMatch(/["'`$]/);
  const words = line
    .replace(/^pnpm ledgersync\s+/, '')
    .replace(/[[\]]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  let lines: string[][] = [[]];
  for (const word of words) {
    const alternatives = word.split('|');
    lines = lines.flatMap((prefix) => alternatives.map((alternative) => [...prefix, alternative]));
  }
  return lines;
}

/** `key  value` lines of a command's plain output. */
function fields(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^(\S+)\s+(.*)$/.exec(line)?.slice(1, 3) ?? [])
      .filter((pair) => pair.length === 2),
  );
}

describe("the README's admin CLI lines, as written, in the embedded mode", () => {
  it('each succeeds, right after the quick start', { timeout: 240_000 }, async () => {
    const sandbox = await cli('sandbox', '--json');
    expect(sandbox.code, sandbox.stderr).toBe(0);
    writeFileSync(join(home, 'sandbox.json'), sandbox.stdout);
    // The file the README's connections line reads, in the keys it names.
    writeFileSync(
      join(home, 'qbo.json'),
      JSON.stringify({
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        clientId: 'client',
        clientSecret: 'secret',
        expiresAt: '2030-01-01T00:00:00Z',
      }),
    );

    // What each placeholder stands for, by the option before it; filled in as the lines run.
    const values: Record<string, string> = {
      '--account': '00000000-0000-7000-8000-000000000000',
      '--unset': 'custom_field_2',
      '--project': 'sandbox',
    };
    const lines = shellLines(section('Admin CLI')).filter((line) => line.startsWith('pnpm ledgersync '));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      for (const args of expand(line)) {
        const filled = args.map((arg, index) => {
          if (!/^[A-Z]+$|X{4,}/.test(arg)) return arg;
          const value = values[args[index - 1] ?? ''];
          expect(value, `a value for ${args[index - 1]} ${arg} in "${line}"`).toBeDefined();
          return value as string;
        });
        const result = await cli(...filled);
        expect(result.code, `pnpm ledgersync ${filled.join(' ')}\n${result.stderr}`).toBe(0);
        const printed = fields(result.stdout);
        if (printed.connection_id && args[1] === 'create') values['--connection'] = printed.connection_id;
        if (printed.api_key_prefix) values['--prefix'] = printed.api_key_prefix;
      }
    }
  });

  it('token and revoke say which to pick when there is more than one', { timeout: 60_000 }, async () => {
    const second = await cli(
      ...['connections', 'create', '--project', 'acme', '--provider', 'xero', '--tenant-id', 't-2', '--access-token', 'x'],
    );
    expect(second.code, second.stderr).toBe(0);
    const listed = JSON.parse((await cli('connections', 'list', '--project', 'acme', '--json')).stdout) as { id: string }[];
    const token = await cli('connections', 'token', '--project', 'acme');
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('project acme has 2 connections: say which with --connection ID');
    for (const { id } of listed) expect(token.stderr).toContain(id);

    const keys = JSON.parse((await cli('api-keys', 'list', '--project', 'acme', '--json')).stdout) as {
      prefix: string;
      revokedAt: string | null;
    }[];
    const revoke = await cli('api-keys', 'revoke', '--project', 'acme');
    expect(revoke.code).toBe(1);
    expect(revoke.stderr).toContain('say which key to revoke with --prefix');
    for (const key of keys.filter((k) => k.revokedAt === null)) expect(revoke.stderr).toContain(key.prefix);
  });
});

describe('files named on the command line', () => {
  const passwdLike = 'root:x:0:0:root:/root:/bin/bash\n';
  let connection: string;
  beforeAll(async () => {
    const listed = JSON.parse((await cli('connections', 'list', '--project', 'sandbox', '--json')).stdout) as { id: string }[];
    connection = listed[0]?.id ?? '';
  });

  it('are read by the CLI; a file that is not JSON is refused without quoting it', async () => {
    writeFileSync(join(home, 'not-json.txt'), passwdLike);
    const result = await cli('connections', 'credentials', '--connection', connection, '--credentials-file', 'not-json.txt');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not-json.txt is not JSON');
    expect(result.stderr).not.toContain('root:x');
    const missing = await cli('connections', 'credentials', '--connection', connection, '--credentials-file=absent.json');
    expect(missing).toMatchObject({ code: 1, stderr: 'ledgersync: cannot read absent.json: ENOENT\n' });
  });

  it('are never read by the server, whatever path or folder a client names', async () => {
    const onServer = join(root, 'server-side.txt');
    writeFileSync(onServer, passwdLike);
    const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    for (const [name, cwd] of [
      [onServer, '/'],
      ['server-side.txt', root],
    ]) {
      const response = await fetch(`${server?.url}/admin/cli/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ argv: ['connections', 'credentials', '--connection', connection, '--credentials-file', name], cwd }),
      });
      const answer = await response.text();
      expect(answer).not.toContain('root:x');
      expect(answer).toContain(`the CLI sent no contents for ${name}`);
      expect(answer).toContain('{"exit":1}');
    }
  });
});

describe('a server that is alive but frozen', () => {
  it('fails the command with a message instead of hanging', { timeout: 60_000 }, async () => {
    // Accepts connections and never answers, as a process stopped with SIGSTOP.
    const sockets: Socket[] = [];
    const frozen = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await once(frozen, 'listening');
    const { port } = frozen.address() as { port: number };
    const held = join(root, 'frozen');
    mkdirSync(held);
    writeFileSync(
      join(held, 'server.json'),
      JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${port}`, startedAt: new Date().toISOString() }),
    );
    writeFileSync(join(held, 'admin.token'), 'some-admin-token-0123456789\n');
    try {
      const result = await runCli({ LEDGERSYNC_DATA_DIR: held }, 'projects', 'list');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `ledgersync: the ledgersync at http://127.0.0.1:${port} (process ${process.pid}, which holds ${held}) said nothing for 20 s`,
      );
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      frozen.close();
    }
  });
});

describe("the quick start's provider curl", () => {
  it('works with the access token of each `sandbox` run, a fresh one each time', { timeout: 60_000 }, async () => {
    const curl = shellLines(section('Quick start')).find((line) => line.includes('provider_base_url'));
    expect(curl).toBeDefined();
    const tokens: string[] = [];
    for (let run = 0; run < 2; run++) {
      const sandbox = await cli('sandbox', '--json');
      expect(sandbox.code, sandbox.stderr).toBe(0);
      writeFileSync(join(home, 'sandbox.json'), sandbox.stdout);
      tokens.push(JSON.parse(sandbox.stdout).access_token);
      const { stdout } = await promisify(execFile)('bash', ['-c', curl ?? ''], { cwd: home, env: { PATH: process.env.PATH } });
      expect(JSON.parse(stdout)).toHaveProperty('QueryResponse');
    }
    expect(tokens[1]).not.toBe(tokens[0]);
  });
});
