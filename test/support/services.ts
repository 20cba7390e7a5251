import postgres from 'postgres';

/** The machine's Postgres and Redis; override to point the suites elsewhere. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// One template per run (the global setup names it), so runs sharing a machine never drop each
// other's template mid-run.
export const TEMPLATE_DATABASE = process.env.LEDGERSYNC_TEST_TEMPLATE ?? 'ledgersync_test_template';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function adminSql() {
  return postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
}
