import type { SyncError } from '@ledgersync/unified';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns.js';
import { connections, projects } from './tenancy.js';

export type PullStatus = 'idle' | 'running' | 'held' | 'failed';
export type PullMode = 'full' | 'incremental';

/** What went wrong in the last pull, and the records it skipped (the adapter could not map them). */
export interface PullError extends Partial<SyncError> {
  skipped?: { remote_id: string; reason: string }[];
}

/**
 * Where the pull of one object of one connection stands. Postgres is the truth, as for pushes: the
 * page token is written after every page (a crashed pull resumes there), the watermark is where
 * the next incremental pull starts, and `next_run_at` is the schedule (losing Redis loses none).
 */
export const pullStates = pgTable(
  'pull_states',
  {
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    object: text().notNull(),
    status: text().$type<PullStatus>().notNull().default('idle'),
    /** The running pass's mode (or the last one's). */
    mode: text().$type<PullMode>(),
    /** The provider's token of the next page of the running pass; null: from the first page. */
    pageToken: text(),
    /** The running pass: when it started (a full pass marks gone what it did not see since), and the watermark it reads changes since. */
    passStartedAt: at(),
    passSince: text(),
    /** Counts of the running pass, kept across a crash for its `sync.completed`. */
    passAdded: integer().notNull().default(0),
    passUpdated: integer().notNull().default(0),
    passDeleted: integer().notNull().default(0),
    /** A full pull was asked for (a resync) while a pull of the object may already be queued. */
    fullRequested: boolean().notNull().default(false),
    /** Where the next incremental pull starts (opaque: what the provider's reader gave, or a time). */
    watermark: text(),
    lastSuccessAt: at(),
    lastFullAt: at(),
    lastError: jsonb().$type<PullError>(),
    nextRunAt: at(),
    /** The connection's own schedule (seconds), over its project's. */
    frequencySeconds: integer(),
    records: integer().notNull().default(0),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.object] }), index().on(t.nextRunAt)],
);
