import { resolveAdminToken } from '@ledgersync/api';
import { createLogger, dataDir, loadEnvOrExit, onShutdownSignal, prettyLogs, startOrExit } from '@ledgersync/runtime';
import { loadEmbeddedSettings } from './env.js';
import { startupBanner } from './mode.js';
import { startEmbedded } from './start.js';

// The embedded mode, once main.ts has read that the settings select it.
const { api: env } = loadEnvOrExit(() => loadEmbeddedSettings());
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
