import { resolveAdminToken } from '@ledgersync/api';
import {
  createLogger,
  dataDir,
  embeddedModeWanted,
  loadEnvOrExit,
  onShutdownSignal,
  parseEnv,
  prettyLogs,
  serviceEnvSchema,
  startOrExit,
} from '@ledgersync/runtime';
import { z } from 'zod';
import { startupBanner } from './mode.js';
import { startEmbedded } from './start.js';

// `pnpm start` with neither DATABASE_URL nor REDIS_URL: the whole product in this one process.
// With either set, the admin CLI would go to Postgres while this ran on PGlite: refuse.
if (!embeddedModeWanted(process.env)) {
  process.stderr.write('ledgersync: DATABASE_URL or REDIS_URL is set, which selects the server mode: run `pnpm start`, or unset both\n');
  process.exit(1);
}
const env = loadEnvOrExit(() =>
  parseEnv(
    serviceEnvSchema.extend({ LEDGERSYNC_ADMIN_TOKEN: z.string().min(16).optional(), LOG_FORMAT: z.enum(['json', 'pretty']).optional() }),
  ),
);
const logger = createLogger({ name: 'ledgersync', level: env.LOG_LEVEL, pretty: prettyLogs(env) });

await startOrExit(logger, async () => {
  const admin = resolveAdminToken({
    fromEnv: env.LEDGERSYNC_ADMIN_TOKEN,
    production: env.NODE_ENV === 'production',
    dataDir: dataDir(env),
  });
  // A signal to the queue's process stops the server too, once its shutdown handler is set.
  let requestStop: ((reason: string) => void) | undefined;
  const server = await startEmbedded({
    logger,
    ...(admin ? { adminToken: admin.token } : {}),
    onStopRequested: () => requestStop?.("the queue's process was signalled"),
  });
  process.stdout.write(`\n${startupBanner(server)}\n`);
  if (admin?.source === 'generated') {
    // Printed once, to the terminal rather than the logs; later starts read it from the file.
    process.stdout.write(`  Job dashboard: ${server.url}/admin/queues (admin token, kept in ${admin.file}: ${admin.token})\n`);
  } else if (admin)
    process.stdout.write(`  Job dashboard: ${server.url}/admin/queues (admin token in ${admin.file ?? 'LEDGERSYNC_ADMIN_TOKEN'})\n`);
  process.stdout.write('\n');
  requestStop = onShutdownSignal(logger, async () => {
    await server.close();
    logger.info('ledgersync stopped');
  });
});
