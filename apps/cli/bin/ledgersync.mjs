#!/usr/bin/env node
// The `ledgersync` command. In a checkout with dev dependencies it runs the TypeScript sources
// (through tsx, resolving workspace packages to their sources); in a production install, the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let tsx;
try {
  tsx = import.meta.resolve('tsx');
} catch {
  tsx = undefined;
}
const args =
  tsx && existsSync(source)
    ? ['--conditions=@ledgersync/source', '--import', tsx, source, ...process.argv.slice(2)]
    : [built, ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
