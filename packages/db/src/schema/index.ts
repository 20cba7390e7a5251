export * from './accounts.js';
export * from './sync-state.js';
export * from './tenancy.js';
export * from './webhooks.js';
export * from './idempotency.js';
