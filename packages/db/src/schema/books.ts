import type { Decimal } from '@ledgersync/unified';
import { type AnyPgColumn, index, integer, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, } from './columns.js';
import { owned } from './owned.js';
import { pulledState, syncState } from './sync-state.js';

/**
 * The rest of the customer's books ledgersync reads (and does not push yet): company info, tax
 * rates and tracking categories, with Panora's fields. Each keeps the sync state every object
 * keeps, and one row per provider record (`unique (connection_id, remote_id)`).
 */
export const companyInfos = pgTable(
  'company_infos',
  {
    ...owned(),
    name: text(),
    legalName: text(),
    taxNumber: text(),
    fiscalYearEndMonth: integer(),
    fiscalYearEndDay: integer(),
    currency: text(),
    urls: jsonb().$type<string[]>(),
    country: text(),
    fieldMappings: jsonb().$type<Record<string, unknown>>(),
    ...syncState(),
    ...pulledState(),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.connectionId, t.id), unique('company_infos_connection_id_remote_id_key').on(t.connectionId, t.remoteId)],
);

export const taxRates = pgTable(
  'tax_rates',
  {
    ...owned(),
    description: text(),
    // Basis points, exact (Panora's spelling kept: `total_tax_ratge`).
    totalTaxRatge: numeric().$type<Decimal>(),
    effectiveTaxRate: numeric().$type<Decimal>(),
    companyId: uuid(),
    fieldMappings: jsonb().$type<Record<string, unknown>>(),
    ...syncState(),
    ...pulledState(),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.connectionId, t.id), unique('tax_rates_connection_id_remote_id_key').on(t.connectionId, t.remoteId)],
);

export const trackingCategories = pgTable(
  'tracking_categories',
  {
    ...owned(),
    name: text(),
    status: text(),
    categoryType: text(),
    parentCategoryId: uuid().references((): AnyPgColumn => trackingCategories.id),
    /** The parent's id at the provider, kept so the reference is resolved once both rows exist. */
    parentRemoteId: text(),
    fieldMappings: jsonb().$type<Record<string, unknown>>(),
    ...syncState(),
    ...pulledState(),
    createdAt: createdAt(),
    modifiedAt: at().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.connectionId, t.id),
    index().on(t.connectionId, t.parentRemoteId),
    unique('tracking_categories_connection_id_remote_id_key').on(t.connectionId, t.remoteId),
  ],
);
