import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Workspace packages resolve to their TypeScript sources (the "@ledgersync/source" entry of each
 * export), so tests never run against a stale build. Written as aliases because Vite applies
 * custom export conditions to test files but not to the global setup.
 */
function sourceAliases() {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(group)) {
      const dir = resolve(group, name);
      let manifest: { name: string; exports?: Record<string, Record<string, string>> };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      for (const [subpath, targets] of Object.entries(manifest.exports ?? {})) {
        const source = targets['@ledgersync/source'];
        if (!source) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        aliases.push({ find: new RegExp(`^${specifier.replaceAll('/', '\\/')}$`), replacement: join(dir, source) });
      }
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
