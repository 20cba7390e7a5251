import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns.js';

/** A customer of ledgersync (a SaaS company); everything else belongs to exactly one project. */
export const projects = pgTable('projects', {
  id: id(),
  name: text().notNull().unique(),
  /** Seconds between incremental pulls of its connections' books (Panora's pull frequency, `accounting`); null: the default. */
  pullFrequencySeconds: integer(),
  createdAt: createdAt(),
});

/** API keys are stored as SHA-256 hashes; `prefix` is the public part used to find the row. */
export const apiKeys = pgTable('api_keys', {
  id: id(),
  projectId: uuid()
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  prefix: text().notNull().unique(),
  hash: text().notNull(),
  label: text(),
  createdAt: createdAt(),
  revokedAt: at(),
});

export type ConnectionStatus = 'active' | 'invalid';

/** A connection's own limits, where they differ from its provider's documented ones. */
export interface RateLimitOverride {
  windows?: { limit: number; periodMs: number }[];
  concurrency?: number;
}

/**
 * A link to one tenant of one provider (a QuickBooks realm, a Xero organisation, ...).
 * `credentials` is ciphertext (see @ledgersync/secrets) of a JSON `ConnectionCredentials`.
 */
export const connections = pgTable(
  'connections',
  {
    id: id(),
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    provider: text().notNull(),
    tenantId: text().notNull(),
    baseUrl: text().notNull(),
    tokenUrl: text(),
    credentials: text().notNull(),
    status: text().$type<ConnectionStatus>().notNull().default('active'),
    statusReason: text(),
    /** Per-connection overrides of the provider's documented limits (windows, concurrency). */
    rateLimits: jsonb().$type<RateLimitOverride>(),
    /** `field_mappings` slug → the provider field its value is sent as (see the descriptor's mappableFields). */
    fieldMappings: jsonb().$type<Record<string, string>>().notNull().default({}),
    /**
     * The customer's company's country (ISO 3166-1 alpha-2), when known: some providers' limits
     * depend on it (QuickBooks' AcctNum length). Null until the connection or a read tells it.
     */
    companyCountry: text(),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.projectId, t.provider, t.tenantId)],
);

/** `x-connection-token` values; several may be live per connection so one can be rotated. */
export const connectionTokens = pgTable(
  'connection_tokens',
  {
    id: id(),
    connectionId: uuid()
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    projectId: uuid()
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    prefix: text().notNull().unique(),
    hash: text().notNull(),
    createdAt: createdAt(),
    revokedAt: at(),
  },
  (t) => [index().on(t.connectionId).where(sql`${t.revokedAt} is null`)],
);
