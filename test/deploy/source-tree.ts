import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

// Reads the workspace's sources as files, to check rules about them that no type can express:
// which modules an entry point loads, which files read process.env.

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

/** Every file under `dir` whose name passes `keep` (node_modules and dist left out). */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return filesUnder(path, keep);
    return keep(name) ? [path] : [];
  });
}

/** The source files of every app and package (apps/x/src, apps/x/bin, packages/x/src), from `root`. */
export function workspaceSources(root = repoRoot): string[] {
  return ['apps', 'packages'].flatMap((group) =>
    readdirSync(join(root, group)).flatMap((name) =>
      ['src', 'bin'].flatMap((folder) => filesUnder(join(root, group, name, folder), (file) => /\.(ts|mjs|js)$/.test(file))),
    ),
  );
}

/** The workspace packages by name, each with the source file its `@ledgersync/source` exports name. */
function workspaceExports(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(root, group))) {
      const manifestPath = join(root, group, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string; exports?: Record<string, Record<string, string>> };
      for (const [subpath, targets] of Object.entries(manifest.exports ?? {})) {
        const source = targets['@ledgersync/source'];
        if (source) found.set(subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`, join(root, group, name, source));
      }
    }
  }
  return found;
}

/**
 * The specifiers a module loads when it is evaluated: its static imports and re-exports. Left
 * out: `import type` / `export type` (erased), and `import()` (loaded only when that code runs).
 * `import { type X } from` stays: with verbatimModuleSyntax the module is still loaded.
 */
export function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly && ts.isStringLiteral(statement.moduleSpecifier))
      specifiers.push(statement.moduleSpecifier.text);
    if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    )
      specifiers.push(statement.moduleSpecifier.text);
  }
  return specifiers;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * Every workspace source file that loading `entry` evaluates, following static imports through
 * relative paths and `@ledgersync/*` packages (as their sources). Third-party modules are not
 * followed. Files are given relative to `root`.
 */
export function staticModuleGraph(entry: string, root = repoRoot): Set<string> {
  const packages = workspaceExports(root);
  const seen = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier) : packages.get(specifier);
      if (target) pending.push(target);
    }
  }
  return new Set([...seen].map((file) => relative(root, file)));
}

/** The env modules: each app's settings, and the shared settings parser they build on. */
export const ENV_MODULES = [/^apps\/[^/]+\/src\/env\.ts$/, /^packages\/runtime\/src\/env\.ts$/];
export const READS_PROCESS_ENV = /\bprocess\s*(?:\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;

/** Source files other than the env modules that read process.env (tests left out). */
export function processEnvReaders(root = repoRoot): string[] {
  return workspaceSources(root)
    .map((file) => relative(root, file))
    .filter((file) => !file.endsWith('.test.ts') && !ENV_MODULES.some((pattern) => pattern.test(file)))
    .filter((file) => READS_PROCESS_ENV.test(readFileSync(join(root, file), 'utf8')));
}

/** Files under packages/*\/src that import from the cross-app suites (test/). */
export function packagesImportingTestSuites(root = repoRoot): string[] {
  const suites = join(root, 'test');
  const files = filesUnder(join(root, 'packages'), (name) => name.endsWith('.ts')).filter((file) => file.includes('/src/'));
  return files
    .filter((file) =>
      staticImports(file).some(
        (specifier) =>
          specifier === '@ledgersync/test' || (specifier.startsWith('.') && resolve(file, '..', specifier).startsWith(`${suites}/`)),
      ),
    )
    .map((file) => relative(root, file));
}
