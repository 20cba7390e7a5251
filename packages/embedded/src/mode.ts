/**
 * The embedded mode runs when neither service is configured: with DATABASE_URL or REDIS_URL set,
 * `pnpm start` runs the server mode (API and worker processes on Postgres and Redis). An empty
 * variable counts as unset, as everywhere in the settings.
 */
export function embeddedModeWanted(env: Record<string, string | undefined>): boolean {
  return !env.DATABASE_URL && !env.REDIS_URL;
}

/** What the start-up banner says: the mode, where things are, and how to switch. */
export function startupBanner(mode: { embedded: true; url: string; dataDir: string } | { embedded: false }): string {
  if (!mode.embedded) {
    return [
      'ledgersync: server mode (PostgreSQL at DATABASE_URL, Redis at REDIS_URL; API and worker as two processes)',
      '  Unset both DATABASE_URL and REDIS_URL to run everything in one process with nothing installed.',
    ].join('\n');
  }
  return [
    `ledgersync: embedded mode, API at ${mode.url}`,
    `  API, worker and sandbox in this process, on PGlite kept in ${mode.dataDir} (data survive a restart).`,
    '  Try it: pnpm ledgersync sandbox --json',
    '  For production, set DATABASE_URL and REDIS_URL (PostgreSQL and Redis): pnpm start then runs the server mode.',
  ].join('\n');
}
