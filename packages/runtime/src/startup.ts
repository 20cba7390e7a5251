import type { Logger } from './logger.js';

const SERVICES: Record<string, string> = { '5432': 'PostgreSQL (DATABASE_URL)', '6379': 'Redis (REDIS_URL)' };

// The errors that mean "nothing answered there", as Node, postgres.js and ioredis report them.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'CONNECT_TIMEOUT']);

/** Where a service URL points, for messages: host, port and path, never the user or password. */
export function serviceAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '(default port)'}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** A service a process needs at start-up did not answer; the message says which setting to fix. */
export class ServiceUnreachable extends Error {
  override readonly name = 'ServiceUnreachable';
  constructor(
    readonly setting: string,
    readonly address: string,
    readonly code: string,
  ) {
    super(`${setting} points at ${address}, which is not reachable (${code}): start the service, or point ${setting} at a running one`);
  }
}

/**
 * Runs a start-up step that needs the service at `url` (named by its setting); a connection
 * failure becomes a {@link ServiceUnreachable} naming the setting and the address.
 */
export async function needing<T>(setting: string, url: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = String((error as { code?: string }).code ?? '');
    if (UNREACHABLE.has(code.toUpperCase())) throw new ServiceUnreachable(setting, serviceAddress(url), code);
    throw error;
  }
}

/**
 * Runs a process's start-up; a failure ends the process with one log line that says what to do
 * (which service is unreachable, which setting is wrong) instead of an unhandled rejection.
 */
export async function startOrExit(logger: Logger, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ServiceUnreachable) {
      // The message says it all; the original error could carry the URL, password included.
      logger.fatal({ setting: error.setting, address: error.address, code: error.code }, `cannot start: ${error.message}`);
      process.exit(1);
    }
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
