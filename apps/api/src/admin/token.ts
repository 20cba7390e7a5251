import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolvedAdminToken {
  token: string;
  /**
   * Where the token came from. `generated` means this call created the file: the caller prints the
   * token once (it is never logged); later starts read the same file and say only where it is.
   */
  source: 'environment' | 'generated' | 'local-file';
  /** The file holding a development token (absent when the token came from the environment). */
  file?: string;
}

/** The development token's file name inside the data folder, beside `encryption.key`. */
export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * The admin token (`LEDGERSYNC_ADMIN_TOKEN`) or, outside production, one generated on first use
 * and kept in the data folder (mode 0600), so the dashboard works with no configuration.
 *
 * In production an unset token returns null and the admin routes are not registered at all: every
 * `/admin/*` path answers 404, as for any unknown path, rather than a 401 that asks for a
 * credential that cannot exist.
 */
export function resolveAdminToken(options: {
  fromEnv: string | undefined;
  production: boolean;
  dataDir: string;
}): ResolvedAdminToken | null {
  if (options.fromEnv) return { token: options.fromEnv, source: 'environment' };
  if (options.production) return null;
  const file = join(options.dataDir, ADMIN_TOKEN_FILE);
  const existing = readTokenFile(file);
  if (existing) return { token: existing, source: 'local-file', file };
  mkdirSync(options.dataDir, { recursive: true });
  // Written whole under a private name, then linked into place: the link fails if the file exists,
  // so when two processes start together (the API, a CLI) one token wins and none reads half a file.
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return { token: mustReadTokenFile(file), source: 'generated', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { token: mustReadTokenFile(file), source: 'local-file', file };
  } finally {
    rmSync(draft, { force: true });
  }
}

function readTokenFile(file: string): string | undefined {
  try {
    return mustReadTokenFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function mustReadTokenFile(file: string): string {
  const token = readFileSync(file, 'utf8').trim();
  // An empty file is a broken install, not a reason to mint a new token behind the operator's back.
  if (!token) throw new Error(`${file} is empty: delete it to generate a new admin token, or set LEDGERSYNC_ADMIN_TOKEN`);
  return token;
}
