import { describe, expect, it } from 'vitest';
import { packagesImportingTestSuites, processEnvReaders, READS_PROCESS_ENV } from './source-tree.js';

// Rules of the layout that no type checks (see README "Layout"): settings are read once, by the
// env modules; packages are imported by the apps and never reach into the cross-app suites.

describe('the source tree', () => {
  it('reads process.env only in the env modules', () => {
    expect(processEnvReaders()).toEqual([]);
  });

  it('catches a read outside them (the check itself)', () => {
    expect(READS_PROCESS_ENV.test('const url = process.env.DATABASE_URL;')).toBe(true);
    expect(READS_PROCESS_ENV.test('const { env } = process;')).toBe(true);
    expect(READS_PROCESS_ENV.test("process['env'].PORT")).toBe(true);
    expect(READS_PROCESS_ENV.test('parseEnv(schema, options.env)')).toBe(false);
  });

  it('has no package (packages/*/src, unit tests included) importing from test/', () => {
    expect(packagesImportingTestSuites()).toEqual([]);
  });
});
