import { handOverToServerMode, loadEnvOrExit, parseEnv, serviceSettingsSchema } from '@ledgersync/runtime';

// `pnpm start`: the launcher starts this entry, and the parsed settings decide the mode. Neither
// DATABASE_URL nor REDIS_URL set: the whole product in this one process (run.ts). Either set: the
// server mode, which the launcher runs as two processes in this one's place; started by hand, with
// the admin CLI going to Postgres while this ran on PGlite, refuse. Only the shared settings are
// read until the mode is known, so handing over costs no PGlite, API or worker start-up.
const { mode } = loadEnvOrExit(() => parseEnv(serviceSettingsSchema));
if (mode === 'server') {
  if (await handOverToServerMode()) process.exit(0);
  process.stderr.write('ledgersync: DATABASE_URL or REDIS_URL is set, which selects the server mode: run `pnpm start`, or unset both\n');
  process.exit(1);
}
await import('./run.js');
