import { resolveAdminToken } from '@ledgersync/api';
import {
  createLogger,
  dataDir,
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
  const server = await startEmbedded({ logger, ...(admin ? { adminToken: admin.token } : {}) });
  process.stdout.write(`\n${startupBanner({ embedded: true, url: server.url, dataDir: server.dataDir })}\n`);
  if (admin?.source === 'generated') {
    // Printed once, to the terminal rather than the logs; later starts read it from the file.
    process.stdout.write(`  Job dashboard: ${server.url}/admin/queues (admin token, kept in ${admin.file}: ${admin.token})\n`);
  } else if (admin)
    process.stdout.write(`  Job dashboard: ${server.url}/admin/queues (admin token in ${admin.file ?? 'LEDGERSYNC_ADMIN_TOKEN'})\n`);
  process.stdout.write('\n');
  onShutdownSignal(logger, async () => {
    await server.close();
    logger.info('ledgersync stopped');
  });
});
