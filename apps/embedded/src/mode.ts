/** What the embedded mode's start-up banner says: the mode, where things are, and how to switch. */
export function startupBanner(server: { url: string; dataDir: string }): string {
  return [
    `ledgersync: embedded mode, API at ${server.url}`,
    `  API, worker and sandbox in this process, on PGlite kept in ${server.dataDir} (data survive a restart).`,
    '  Admin CLI from another terminal (it goes through this server): pnpm ledgersync sandbox --json',
    '  Server mode (PostgreSQL and Redis, API and workers as separate processes): set DATABASE_URL and REDIS_URL, then pnpm start.',
  ].join('\n');
}
