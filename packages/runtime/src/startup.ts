import type { Logger } from './logger.js';

const SERVICES: Record<string, string> = { '5432': 'PostgreSQL (DATABASE_URL)', '6379': 'Redis (REDIS_URL)' };

/**
 * Runs a process's start-up; a failure ends the process with one log line that says what to do
 * (which service is unreachable, which setting is wrong) instead of an unhandled rejection.
 */
export async function startOrExit(logger: Logger, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    const port = String((error as { port?: number }).port ?? '');
    const code = (error as { code?: string }).code;
    const hint =
      code === 'ECONNREFUSED' && SERVICES[port]
        ? `${SERVICES[port]} is not reachable: start it, or point the setting at a running one`
        : 'start-up failed';
    logger.fatal({ err: error }, `cannot start: ${hint}`);
    process.exit(1);
  }
}
