import type {
  AccountOutput,
  AccountWarning,
  Cursor,
  NormalizedAccount,
  Page,
  PulledFields,
  PulledObjectName,
  PushedObjectName,
  SyncError,
  SyncStatus,
} from '@ledgersync/unified';
import type { SecretCipher } from '@ledgersync/secrets';
import type { Executor } from '../client.js';
import { accounts, companyInfos, taxRates, trackingCategories } from '../schema/index.js';
import {
  ACCOUNT_PULL,
  COMPANY_INFO_PULL,
  type CompanyInfoRow,
  companyInfoReads,
  type PullMapping,
  TAX_RATE_PULL,
  type TaxRateRow,
  TRACKING_CATEGORY_PULL,
  type TrackingCategoryRow,
  taxRateReads,
  toCompanyInfoOutput,
  toTaxRateOutput,
  toTrackingCategoryOutput,
  trackingCategoryReads,
} from './books.js';
import type { Connection } from './connections.js';
import {
  type AccountRow,
  accountStandings,
  claimAccounts,
  findStalledAccounts,
  getAccount,
  insertAccounts,
  listAccounts,
  loadAccountsForPush,
  loadAccount,
  releaseAccount,
  type RemoteFields,
  resetFailedAccount,
  toAccountOutput,
  toNormalizedAccount,
} from './accounts.js';

/** Every client-facing read and write is scoped to the caller's project and connection. */
export interface RecordScope {
  projectId: string;
  connectionId: string;
}

/** A record to store `pending`: the checked input and the values it will not send. */
export interface NewRecord<Normalized, Warning> {
  scope: RecordScope;
  record: Normalized;
  warnings: Warning[];
}

/** Where a referenced record stands (an account's parent): its scope and push status, for the intake's checks. */
export interface RecordStanding {
  id: string;
  projectId: string;
  connectionId: string;
  syncStatus: SyncStatus;
}

/** What every stored record has, whatever its object: what the routes and a retry read of it. */
export interface StoredRecord {
  id: string;
  connectionId: string;
  syncStatus: SyncStatus;
}

/** What the API reads of an object's records, whichever directions it moves in. */
export interface RecordReads<Row extends StoredRecord, Output> {
  /** By id alone: the worker (a job carries only the id) and the operator's dashboard. */
  load(db: Executor, id: string): Promise<Row | undefined>;
  get(db: Executor, scope: RecordScope, id: string): Promise<Row | undefined>;
  /** Keyset pages in creation order; see @ledgersync/unified pagination for the cursor. */
  list(db: Executor, scope: RecordScope, page: { cursor: Cursor | null; limit: number }): Promise<Page<Row>>;
  /** Several records' standing by id, unscoped: the caller matches each to its own scope. */
  standings(db: Executor, ids: readonly string[]): Promise<RecordStanding[]>;
  /** The unified shape of a stored record; `remote_data` only when the caller asked for it. */
  toOutput(row: Row, includeRemoteData: boolean): Output;
}

/** What the intake and a retry write of an object ledgersync pushes. */
export interface RecordWrites<Row extends StoredRecord, Normalized, Warning> {
  /** Stores pending records in one statement (the intake batches concurrent requests), in the order given. */
  insertMany(db: Executor, items: readonly NewRecord<Normalized, Warning>[]): Promise<Row[]>;
  /**
   * failed → pending, starting a new retry round; `scope` null is the operator's dashboard, which
   * sees every project. The row, or undefined when it was not failed.
   */
  resetFailed(db: Executor, scope: RecordScope | null, id: string): Promise<Row | undefined>;
}

/** What a push learned: the provider's id and raw answer, and the unified fields it reports. */
export interface PushedRecord {
  remoteId: string;
  remoteData: unknown;
  fields?: RemoteFields;
}

/**
 * How the pipeline stores each object's records, as data: its table (with the shared sync-state
 * columns), the unified output, and what a push fills in. Claims, outcomes and the sweeper are
 * written once over this.
 */
export interface RecordKind<Row extends StoredRecord, Output, Normalized, Warning>
  extends RecordReads<Row, Output>,
    RecordWrites<Row, Normalized, Warning> {
  table: typeof accounts;
  /** Several records with their connections (decrypted), for the push jobs running at once. */
  loadForPush(db: Executor, cipher: SecretCipher, ids: readonly string[]): Promise<{ record: Row; connection: Connection }[]>;
  /** Moves unfinished records to `pushing` (an attempt more); the ones another run finished are left out. */
  claim(db: Executor, ids: readonly string[]): Promise<Row[]>;
  /**
   * Unfinished records (pending, pushing) untouched since `before`, for the sweeper: oldest first,
   * or by id after `afterId` when it pages through all of them.
   */
  findStalled(db: Executor, before: Date, limit: number, afterId?: string): Promise<{ id: string; connectionId: string }[]>;
  /** Back to `pending` after a transient failure, keeping what went wrong. */
  release(db: Executor, id: string, error: SyncError | null): Promise<void>;
  /** The stored record as the unified input a provider handler maps. */
  toNormalized(row: Row): Normalized;
  /** The record's own fields a push fills from what the provider reports. */
  filledByPush(claimed: Row, pushed: PushedRecord): Partial<Row>;
}

/** A table a pull upserts into: every pulled object's, with the shared sync and pulled state. */
export type PulledTable = typeof accounts | typeof companyInfos | typeof taxRates | typeof trackingCategories;

/** How the pipeline stores a pulled object's records: its table, its reads and how a pull fills a row. */
export interface PulledKind<O extends PulledObjectName, Row extends StoredRecord = StoredRecord, Output = unknown>
  extends RecordReads<Row, Output> {
  table: PulledTable;
  pull: PullMapping<PulledFields[O]>;
}

export const RECORDS: {
  account: RecordKind<AccountRow, AccountOutput, NormalizedAccount, AccountWarning> & PulledKind<'account', AccountRow, AccountOutput>;
  companyinfo: PulledKind<'companyinfo', CompanyInfoRow, ReturnType<typeof toCompanyInfoOutput>>;
  taxrate: PulledKind<'taxrate', TaxRateRow, ReturnType<typeof toTaxRateOutput>>;
  trackingcategory: PulledKind<'trackingcategory', TrackingCategoryRow, ReturnType<typeof toTrackingCategoryOutput>>;
} = {
  companyinfo: { table: companyInfos, ...companyInfoReads, toOutput: toCompanyInfoOutput, pull: COMPANY_INFO_PULL },
  taxrate: { table: taxRates, ...taxRateReads, toOutput: toTaxRateOutput, pull: TAX_RATE_PULL },
  trackingcategory: {
    table: trackingCategories,
    ...trackingCategoryReads,
    toOutput: toTrackingCategoryOutput,
    pull: TRACKING_CATEGORY_PULL,
  },
  account: {
    pull: ACCOUNT_PULL,
    table: accounts,
    load: loadAccount,
    get: getAccount,
    list: listAccounts,
    standings: accountStandings,
    insertMany: insertAccounts,
    resetFailed: resetFailedAccount,
    loadForPush: async (db, cipher, ids) =>
      (await loadAccountsForPush(db, cipher, ids)).map(({ account, connection }) => ({ record: account, connection })),
    claim: claimAccounts,
    findStalled: findStalledAccounts,
    release: releaseAccount,
    toOutput: toAccountOutput,
    toNormalized: toNormalizedAccount,
    /** The provider's words fill what the caller left empty; they never overwrite what the caller said. */
    filledByPush: (claimed, pushed) => {
      const fields = pushed.fields ?? {};
      return {
        name: claimed.name ?? fields.name ?? null,
        type: claimed.type ?? fields.type ?? null,
        classification: claimed.classification ?? fields.classification ?? null,
        status: claimed.status ?? fields.status ?? null,
        accountNumber: claimed.accountNumber ?? fields.account_number ?? null,
        currency: claimed.currency ?? fields.currency ?? null,
      };
    },
  },
};

/** A stored record of an object ledgersync pushes (the union of their rows). */
export type RecordRow = (typeof RECORDS)[PushedObjectName]['table']['$inferSelect'];
/** Columns an outcome writes. */
export type RecordChange = Partial<(typeof RECORDS)[PushedObjectName]['table']['$inferInsert']>;
