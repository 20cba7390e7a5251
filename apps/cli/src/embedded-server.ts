import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFolder, findRunningServer } from '@ledgersync/runtime';
import { CliError } from './output.js';

/** An embedded-mode server (`pnpm start:embedded`) holding the data folder, and how to reach it. */
export interface EmbeddedServer {
  url: string;
  /** Asks the server to run an admin command (it owns the PGlite folder; the CLI cannot open it). */
  call<T>(path: string, body: unknown): Promise<T>;
}

/**
 * The embedded server using `dataDir`, when neither DATABASE_URL nor REDIS_URL is set (the
 * embedded mode) and `<data>/server.json` names a live process. Only one process can open a PGlite
 * folder, so the CLI then goes through the server's admin endpoint, with the admin token.
 */
export function findEmbeddedServer(rawEnv: Record<string, string | undefined>, dataDir: string): EmbeddedServer | null {
  if (rawEnv.DATABASE_URL || rawEnv.REDIS_URL) return null;
  const server = findRunningServer(dataFolder(dataDir));
  if (!server?.url) return null;
  const url = server.url;
  const tokenFile = join(dataDir, 'admin.token');
  const token = rawEnv.LEDGERSYNC_ADMIN_TOKEN || (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '');
  if (!token) throw new CliError(`an embedded ledgersync runs at ${url}, but there is no admin token: set LEDGERSYNC_ADMIN_TOKEN`);
  return {
    url,
    async call<T>(path: string, body: unknown): Promise<T> {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((error: Error) => {
        throw new CliError(`cannot reach the embedded ledgersync at ${url}: ${error.message}`);
      });
      const answer = (await response.json().catch(() => ({}))) as T & { message?: string };
      if (!response.ok)
        throw new CliError(`the embedded ledgersync at ${url} answered ${response.status}: ${answer.message ?? 'no message'}`);
      return answer;
    },
  };
}
