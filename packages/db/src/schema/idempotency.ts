import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, exactJsonb } from './columns.js';
import { projects } from './tenancy.js';

export type IdempotencyStatus = 'in_flight' | 'completed';

/**
 * `Idempotency-Key` records of the intake, per project: the first request's fingerprint and,
 * once it completed, its answer to replay. Kept at least 24 h; the sweeper deletes expired ones.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    /** SHA-256 of the request (connection, query, canonical body): the same key must mean the same request. */
    requestHash: text().notNull(),
    status: text().$type<IdempotencyStatus>().notNull(),
    /** An in-flight claim older than this was abandoned (its request died) and may be taken over. */
    lockedUntil: at().notNull(),
    responseStatus: integer(),
    responseBody: exactJsonb(),
    createdAt: createdAt(),
    expiresAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.key] }), index().on(t.expiresAt)],
);
