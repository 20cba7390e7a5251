import { type Logger, type LoggerOptions, pino } from 'pino';
import { CENSORED, redactSecrets, SECRET_KEYS } from './redaction.js';

/**
 * pino options that keep secrets out of every line: the logged object through
 * {@link redactSecrets}, and a child logger's bindings (which pino formats apart, once per child)
 * through pino's own redaction of the same keys at their top level. Paths without a leading
 * wildcard cost nothing on lines that do not carry them.
 */
export const redaction = {
  formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) },
  redact: { paths: SECRET_KEYS.map((key) => `[${JSON.stringify(key)}]`), censor: CENSORED },
} satisfies LoggerOptions;

/** A pino JSON logger with secrets redacted; `destination: 2` writes to stderr (the CLI). */
export function createLogger(options: { name: string; level: string; destination?: 1 | 2; pretty?: boolean }): Logger {
  const settings = {
    name: options.name,
    level: options.level,
    ...redaction,
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
