import { type Cursor, type Decimal, jsonAmount, type JsonNumber, type Page, type PulledFields } from '@ledgersync/unified';
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { companyInfos, taxRates, trackingCategories } from '../schema/index.js';
import { keysetPage } from './pages.js';
import type { RecordScope, RecordStanding } from './records.js';

export type CompanyInfoRow = typeof companyInfos.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;
export type TrackingCategoryRow = typeof trackingCategories.$inferSelect;

/** The tables of the objects ledgersync only pulls: they share their scope, id and sync-state columns. */
type BookTable = typeof companyInfos | typeof taxRates | typeof trackingCategories;

/** Where a record came from: read at the provider (`pulled`) or created through ledgersync (`pushed`). */
export type Origin = 'pulled' | 'pushed';

/** What every record's output adds: its origin and, when the provider deleted or archived it, when. */
export interface ProvenanceOutput {
  origin: Origin;
  remote_deleted_at: string | null;
}

export function provenanceOf(row: { direction: string; remoteDeletedAt: Date | null }): ProvenanceOutput {
  return { origin: row.direction === 'pull' ? 'pulled' : 'pushed', remote_deleted_at: row.remoteDeletedAt?.toISOString() ?? null };
}

/** The reads the API serves for a pulled-only object, written once over its table. */
function bookReads<Row extends { id: string }>(table: BookTable) {
  const scoped = (scope: RecordScope) => and(eq(table.projectId, scope.projectId), eq(table.connectionId, scope.connectionId));
  return {
    async load(db: Executor, id: string): Promise<Row | undefined> {
      const [row] = await db
        .select()
        .from(table as typeof companyInfos)
        .where(eq(table.id, id));
      return row as Row | undefined;
    },
    async get(db: Executor, scope: RecordScope, id: string): Promise<Row | undefined> {
      const [row] = await db
        .select()
        .from(table as typeof companyInfos)
        .where(and(eq(table.id, id), scoped(scope)));
      return row as Row | undefined;
    },
    list(db: Executor, scope: RecordScope, page: { cursor: Cursor | null; limit: number }): Promise<Page<Row>> {
      return keysetPage(
        table.id,
        page,
        async (edge, order, limit) =>
          (await db
            .select()
            .from(table as typeof companyInfos)
            .where(and(scoped(scope), edge))
            .orderBy(order)
            .limit(limit)) as unknown as Row[],
      );
    },
    standings(db: Executor, ids: readonly string[]): Promise<RecordStanding[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .select({ id: table.id, projectId: table.projectId, connectionId: table.connectionId, syncStatus: table.syncStatus })
        .from(table as typeof companyInfos)
        .where(inArray(table.id, [...ids]));
    },
  };
}

const amount = (value: Decimal | null): JsonNumber | null => (value === null ? null : jsonAmount(value));
const times = (row: { createdAt: Date; modifiedAt: Date }) => ({
  created_at: row.createdAt.toISOString(),
  modified_at: row.modifiedAt.toISOString(),
});

/** Panora's UnifiedAccountingCompanyinfoOutput, with the record's provenance. */
export function toCompanyInfoOutput(row: CompanyInfoRow, includeRemoteData: boolean) {
  return {
    id: row.id,
    name: row.name,
    legal_name: row.legalName,
    tax_number: row.taxNumber,
    fiscal_year_end_month: row.fiscalYearEndMonth,
    fiscal_year_end_day: row.fiscalYearEndDay,
    currency: row.currency,
    urls: row.urls,
    tracking_categories: null,
    field_mappings: row.fieldMappings,
    remote_id: row.remoteId,
    remote_data: includeRemoteData ? (row.remoteData ?? null) : null,
    ...times(row),
    ...provenanceOf(row),
  };
}

/** Panora's UnifiedAccountingTaxrateOutput (its spelling `total_tax_ratge` kept), rates exact. */
export function toTaxRateOutput(row: TaxRateRow, includeRemoteData: boolean) {
  return {
    id: row.id,
    description: row.description,
    total_tax_ratge: amount(row.totalTaxRatge),
    effective_tax_rate: amount(row.effectiveTaxRate),
    company_id: row.companyId,
    field_mappings: row.fieldMappings,
    remote_id: row.remoteId,
    remote_data: includeRemoteData ? (row.remoteData ?? null) : null,
    ...times(row),
    ...provenanceOf(row),
  };
}

/** Panora's UnifiedAccountingTrackingcategoryOutput; `parent_category` is the parent's ledgersync id. */
export function toTrackingCategoryOutput(row: TrackingCategoryRow, includeRemoteData: boolean) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    category_type: row.categoryType,
    parent_category: row.parentCategoryId,
    field_mappings: row.fieldMappings,
    remote_id: row.remoteId,
    remote_data: includeRemoteData ? (row.remoteData ?? null) : null,
    ...times(row),
    ...provenanceOf(row),
  };
}

export const companyInfoReads = bookReads<CompanyInfoRow>(companyInfos);
export const taxRateReads = bookReads<TaxRateRow>(taxRates);
export const trackingCategoryReads = bookReads<TrackingCategoryRow>(trackingCategories);

/**
 * How a pull stores one object: the columns it fills from the unified fields a reader gives
 * (PulledFields), by their key in the table, and the reference it resolves (the provider's id of
 * the parent → the parent row's ledgersync id) once both rows exist.
 */
export interface PullMapping<F> {
  columns(fields: F): Record<string, unknown>;
  reference?: { remoteKey: string; idKey: string };
}

export const ACCOUNT_PULL: PullMapping<PulledFields['account']> = {
  columns: (f) => ({
    name: f.name ?? null,
    description: f.description ?? null,
    classification: f.classification ?? null,
    type: f.type ?? null,
    status: f.status ?? null,
    currentBalance: f.current_balance ?? null,
    currency: f.currency ?? null,
    accountNumber: f.account_number ?? null,
    parentRemoteId: f.parent_remote_id ?? null,
  }),
  reference: { remoteKey: 'parentRemoteId', idKey: 'parentAccountId' },
};

export const COMPANY_INFO_PULL: PullMapping<PulledFields['companyinfo']> = {
  columns: (f) => ({
    name: f.name ?? null,
    legalName: f.legal_name ?? null,
    taxNumber: f.tax_number ?? null,
    fiscalYearEndMonth: f.fiscal_year_end_month ?? null,
    fiscalYearEndDay: f.fiscal_year_end_day ?? null,
    currency: f.currency ?? null,
    urls: f.urls ?? null,
    country: f.country ?? null,
  }),
};

export const TAX_RATE_PULL: PullMapping<PulledFields['taxrate']> = {
  columns: (f) => ({
    description: f.description ?? null,
    totalTaxRatge: f.total_tax_ratge ?? null,
    effectiveTaxRate: f.effective_tax_rate ?? null,
  }),
};

export const TRACKING_CATEGORY_PULL: PullMapping<PulledFields['trackingcategory']> = {
  columns: (f) => ({
    name: f.name ?? null,
    status: f.status ?? null,
    categoryType: f.category_type ?? null,
    parentRemoteId: f.parent_remote_id ?? null,
  }),
  reference: { remoteKey: 'parentRemoteId', idKey: 'parentCategoryId' },
};
