import type { Direction, SyncError, SyncStatus } from '@ledgersync/unified';
import { integer, jsonb, text } from 'drizzle-orm/pg-core';
import { at, exactJsonb } from './columns.js';

/**
 * The sync state every object's table keeps, the same way, in both directions: which way the
 * record moves, where it stands, what went wrong last, and what the provider knows it by. Spread
 * into a table (`...syncState()`); the pipeline (claims, outcomes, the sweeper) reads only these.
 * Each table adds `unique (connection_id, remote_id)`, so a record pushed and then pulled is one
 * row (pending rows have no remote id yet; NULLs do not collide).
 */
export const syncState = () => ({
  /** push: created by a client, sent to the provider; pull: read from the provider. */
  direction: text().$type<Direction>().notNull().default('push'),
  syncStatus: text().$type<SyncStatus>().notNull().default('pending'),
  syncAttempts: integer().notNull().default(0),
  /**
   * How many times the record was put back from `failed` (a retry round). The provider's
   * idempotency key is derived from the id and this: a retry after a permanent failure must not
   * get the provider's cached answer to the failed round (Intuit and Xero replay a repeated key's
   * first answer, 4xx included).
   */
  retryGeneration: integer().notNull().default(0),
  lastError: jsonb().$type<SyncError>(),
  remoteId: text(),
  /** The provider's own answer, numbers kept exact. */
  remoteData: exactJsonb(),
  lastAttemptAt: at(),
  syncedAt: at(),
});

/**
 * What a pulled record adds: when the provider last changed it and when it deleted or archived it
 * (the row is kept), and when a pull last saw it (a full pass marks gone what it no longer sees).
 */
export const pulledState = () => ({
  remoteUpdatedAt: at(),
  remoteDeletedAt: at(),
  pulledAt: at(),
});
