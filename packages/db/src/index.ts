export { type Database, type DatabaseOptions, type Db, type Executor, openDatabase, type Tx } from './client.js';
export { migrate } from './migrate.js';
export * from './repositories/accounts.js';
export * from './repositories/connections.js';
export * from './repositories/projects.js';
export * from './repositories/webhooks.js';
