import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presentedAdminToken } from './auth.js';
import { ADMIN_TOKEN_FILE, resolveAdminToken } from './token.js';

describe('resolveAdminToken', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'ledgersync-admin-')), 'data');
  });
  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('takes LEDGERSYNC_ADMIN_TOKEN when set, and writes nothing', () => {
    expect(resolveAdminToken({ fromEnv: 'from-the-environment-1234', production: true, dataDir })).toEqual({
      token: 'from-the-environment-1234',
      source: 'environment',
    });
    expect(() => statSync(dataDir)).toThrow();
  });

  it('in production without a token disables the admin routes (null) and generates nothing', () => {
    expect(resolveAdminToken({ fromEnv: undefined, production: true, dataDir })).toBeNull();
    expect(() => statSync(dataDir)).toThrow();
  });

  it('in development generates a token once, readable by its owner only, and reuses it', () => {
    const first = resolveAdminToken({ fromEnv: undefined, production: false, dataDir });
    const file = join(dataDir, ADMIN_TOKEN_FILE);
    expect(first).toMatchObject({ source: 'generated', file });
    expect(first?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first?.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = resolveAdminToken({ fromEnv: undefined, production: false, dataDir });
    expect(second).toEqual({ token: first?.token, source: 'local-file', file });
  });

  it('refuses an empty token file instead of silently replacing it', () => {
    resolveAdminToken({ fromEnv: undefined, production: false, dataDir });
    writeFileSync(join(dataDir, ADMIN_TOKEN_FILE), '\n');
    expect(() => resolveAdminToken({ fromEnv: undefined, production: false, dataDir })).toThrow(/is empty/);
  });
});

describe('presentedAdminToken', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

  it('reads the password of HTTP Basic whatever the user name, colons in the password included', () => {
    expect(presentedAdminToken(basic('admin:s3cret'))).toBe('s3cret');
    expect(presentedAdminToken(basic(':s3cret'))).toBe('s3cret');
    expect(presentedAdminToken(basic('ops:a:b:c'))).toBe('a:b:c');
  });

  it('reads a Bearer token', () => {
    expect(presentedAdminToken('Bearer s3cret')).toBe('s3cret');
    expect(presentedAdminToken('bearer s3cret')).toBe('s3cret');
  });

  it('finds nothing in an absent, empty or malformed header', () => {
    expect(presentedAdminToken(undefined)).toBeUndefined();
    expect(presentedAdminToken('Basic ')).toBeUndefined();
    expect(presentedAdminToken(basic('no-colon'))).toBeUndefined();
    expect(presentedAdminToken(basic('admin:'))).toBeUndefined();
    expect(presentedAdminToken('Digest s3cret')).toBeUndefined();
  });
});
