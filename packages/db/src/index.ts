export {
  type Database,
  type DatabaseOptions,
  type Db,
  type Executor,
  openDatabase,
  openPgliteDatabase,
  rowsOf,
  type PgliteDatabaseHandle,
  type Tx,
} from './client.js';
export { type MigrateOptions, migrate, migratePgliteDatabase } from './migrate.js';
export * from './repositories/accounts.js';
export * from './repositories/connections.js';
export * from './repositories/encryption.js';
export * from './repositories/events.js';
export * from './repositories/idempotency.js';
export * from './repositories/outcomes.js';
export * from './repositories/projects.js';
export * from './repositories/books.js';
export * from './repositories/pulls.js';
export * from './repositories/pull-states.js';
export * from './repositories/records.js';
export * from './repositories/webhooks.js';
export type { ConnectionStatus, DeliveryStatus, IdempotencyStatus, RateLimitOverride } from './schema/index.js';
