import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseEncryptionKey } from './cipher.js';

export interface ResolvedKey {
  key: Buffer;
  /** Where the key came from, for the start-up log (never the key itself). */
  source: 'environment' | 'generated' | 'local-file';
}

/**
 * The encryption key from the environment or, in development only, from a local file created on
 * first use, so `pnpm start` works with no configuration. Production refuses to start without one.
 */
export function resolveEncryptionKey(options: {
  fromEnv: string | undefined;
  production: boolean;
  localFile: string;
}): ResolvedKey {
  if (options.fromEnv) return { key: parseEncryptionKey(options.fromEnv), source: 'environment' };
  if (options.production) {
    throw new Error('LEDGERSYNC_ENCRYPTION_KEY is required in production (32 random bytes, base64)');
  }
  try {
    return { key: parseEncryptionKey(readFileSync(options.localFile, 'utf8')), source: 'local-file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(options.localFile), { recursive: true });
  try {
    // 'wx' makes creation exclusive: when the API and the worker start together, one writes the
    // key and the other reads it, instead of each generating its own.
    writeFileSync(options.localFile, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return { key: parseEncryptionKey(readFileSync(options.localFile, 'utf8')), source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: parseEncryptionKey(readFileSync(options.localFile, 'utf8')), source: 'local-file' };
  }
}
