import type { AccountWarning, Decimal } from '@ledgersync/unified';
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, } from './columns.js';
import { owned } from './owned.js';
import { pulledState, syncState } from './sync-state.js';

/**
 * Unified accounts and their sync state (sync-state.ts, the same for every object). Postgres is
 * the source of truth: a job carries an
 * account id only, and a row `pending` without a job is found again by the sweeper.
 */
export const accounts = pgTable(
  'accounts',
  {
    ...owned(),
    name: text(),
    description: text(),
    classification: text(),
    type: text(),
    status: text(),
    // Money is exact: the client's digits, as Panora's JSON number carried them (money.ts).
    currentBalance: numeric().$type<Decimal>(),
    currency: text(),
    accountNumber: text(),
    parentAccountId: uuid().references((): AnyPgColumn => accounts.id),
    companyInfoId: text(),
    /** The parent's id at the provider (a pulled sub-account), kept so the reference is resolved once both rows exist. */
    parentRemoteId: text(),
    fieldMappings: jsonb().$type<Record<string, unknown>>(),
    ...syncState(),
    ...pulledState(),
    warnings: jsonb().$type<AccountWarning[]>().notNull().default([]),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [
    // Listing is per connection in id (creation) order.
    index().on(t.connectionId, t.id),
    // The sweeper looks for unfinished pushes only; the partial index stays small.
    index('accounts_unfinished_idx').on(t.modifiedAt).where(sql`${t.syncStatus} in ('pending', 'pushing')`),
    index().on(t.parentAccountId),
    index().on(t.connectionId, t.parentRemoteId),
    // One row per provider record: an account pushed and later pulled is the same account.
    unique('accounts_connection_id_remote_id_key').on(t.connectionId, t.remoteId),
  ],
);
