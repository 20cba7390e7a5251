import { type Logger, pino } from 'pino';

/**
 * Paths pino replaces with "[redacted]": credentials in request headers, tokens and secrets in
 * any object logged one or two levels deep. Logging an error or a row must never leak one.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-connection-token"]',
  'req.headers.cookie',
  ...[
    'accessToken',
    'refreshToken',
    'clientSecret',
    'secret',
    'credentials',
    'access_token',
    'refresh_token',
    'api_key',
    'connection_token',
    'password',
    'token',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** A pino JSON logger with secrets redacted; `destination: 2` writes to stderr (the CLI). */
export function createLogger(options: { name: string; level: string; destination?: 1 | 2; pretty?: boolean }): Logger {
  const settings = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.pretty) {
    // Redaction happens before the transport, so pretty lines hide the same secrets as JSON ones.
    return pino(
      settings,
      pino.transport({
        target: 'pino-pretty',
        options: { destination: options.destination ?? 1, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      }),
    );
  }
  return options.destination === 2 ? pino(settings, pino.destination(2)) : pino(settings);
}

/** Pretty lines for a developer at a terminal; JSON everywhere else (files, containers, CI). */
export function prettyLogs(env: { NODE_ENV: string; LOG_FORMAT?: 'json' | 'pretty' | undefined }): boolean {
  if (env.LOG_FORMAT) return env.LOG_FORMAT === 'pretty';
  return env.NODE_ENV === 'development' && process.stdout.isTTY === true;
}

export type { Logger };
