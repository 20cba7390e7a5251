export * from './accounts.js';
export * from './sync-state.js';
export * from './tenancy.js';
export * from './webhooks.js';
export * from './idempotency.js';
export * from './books.js';
export * from './pull-states.js';
