/** A floor's setting from its environment (the suite passes them); a missing one stops it at once. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`${name} is required\n`);
    process.exit(1);
  }
  return value;
}

/** BullMQ connection options from a redis:// URL. */
export function redisConnection(url: string) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379), maxRetriesPerRequest: null };
}

/** Stops on SIGTERM after `close`, so a profiled floor writes its profile. */
export function onTerm(close: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    close().finally(() => process.exit(0));
  });
}
