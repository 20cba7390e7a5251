import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('committed migrations', () => {
  it('match the Drizzle schema (a schema change without `pnpm db:generate` fails here)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ls-migrations-'));
    cpSync(join(packageDir, 'drizzle'), out, { recursive: true });
    const before = readdirSync(out).sort();
    // drizzle-kit reads --out relative to its working directory, even when absolute.
    const { stdout } = await promisify(execFile)(
      join(packageDir, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--dialect', 'postgresql', '--schema', './src/schema/index.ts', '--out', relative(packageDir, out), '--casing', 'snake_case'],
      // The schema imports @ledgersync/unified, whose TypeScript source is what a fresh clone has.
      { cwd: packageDir, env: { ...process.env, NODE_OPTIONS: '--conditions=@ledgersync/source' } },
    );
    expect(readdirSync(out).sort()).toEqual(before);
    expect(stdout).toContain('No schema changes');
  });
});
