import type {
  AccountOutput,
  AccountStatus,
  AccountType,
  Classification,
  AccountWarning,
  Cursor,
  NormalizedAccount,
  Page,
  SyncError,
} from '@ledgersync/unified';
import { jsonAmount, stringifyJsonExact } from '@ledgersync/unified';
import { and, asc, eq, getTableColumns, gt, inArray, lte, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { SecretCipher } from '@ledgersync/secrets';
import { type Executor, preparedPerHandle, rowsOf } from '../client.js';
import { uuidv7 } from 'uuidv7';
import { accounts, connections } from '../schema/index.js';
import { type Connection, decryptConnection } from './connections.js';
import { provenanceOf } from './books.js';
import { keysetPage } from './pages.js';
import type { NewRecord, RecordScope, RecordStanding } from './records.js';

export type AccountRow = typeof accounts.$inferSelect;

export type NewAccount = NewRecord<NormalizedAccount, AccountWarning>;

export async function insertAccount(
  db: Executor,
  scope: RecordScope,
  account: NormalizedAccount,
  warnings: AccountWarning[],
): Promise<AccountRow> {
  const [row] = await insertAccounts(db, [{ scope, record: account, warnings }]);
  if (!row) throw new Error('account insert returned nothing');
  return row;
}

/** The columns in table order, by their name in the database; creation times come from its clock. */
const insertColumns = Object.entries(getTableColumns(accounts)).map(([key, column]) => ({
  key: key as keyof AccountRow,
  name: column.name === key ? toSnakeCase(key) : column.name,
}));
const SERVER_TIMES = new Set<keyof AccountRow>(['createdAt', 'modifiedAt']);

/**
 * Stores several pending accounts in one statement (the intake batches concurrent requests); the
 * rows come back in the order given. The rows travel as one JSON parameter that Postgres expands
 * (`json_populate_recordset`), so the statement's cost does not grow with the number of columns
 * times rows on this side.
 */
export async function insertAccounts(db: Executor, items: readonly NewAccount[]): Promise<AccountRow[]> {
  if (items.length === 0) return [];
  const rows = items.map(({ scope, record: account, warnings }) => {
    const row: AccountRow = {
      id: uuidv7(),
      projectId: scope.projectId,
      connectionId: scope.connectionId,
      name: account.name ?? null,
      description: account.description ?? null,
      classification: account.classification ?? null,
      type: account.type ?? null,
      status: account.status ?? null,
      currentBalance: account.current_balance ?? null,
      currency: account.currency ?? null,
      accountNumber: account.account_number ?? null,
      parentAccountId: account.parent_account ?? null,
      companyInfoId: account.company_info_id ?? null,
      fieldMappings: account.field_mappings ?? null,
      direction: 'push',
      remoteId: null,
      remoteData: null,
      syncStatus: 'pending',
      syncAttempts: 0,
      retryGeneration: 0,
      lastError: null,
      warnings,
      lastAttemptAt: null,
      syncedAt: null,
      parentRemoteId: null,
      remoteUpdatedAt: null,
      remoteDeletedAt: null,
      pulledAt: null,
      // Set from the database's clock below, as the column defaults would.
      createdAt: new Date(0),
      modifiedAt: new Date(0),
    };
    return row;
  });
  const records = stringifyJsonExact(rows.map((row) => Object.fromEntries(insertColumns.map(({ key, name }) => [name, row[key]]))));
  const columnList = sql.join(
    insertColumns.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  const valueList = sql.join(
    insertColumns.map(({ key, name }) => (SERVER_TIMES.has(key) ? sql`now()` : sql.identifier(name))),
    sql`, `,
  );
  const result: unknown = await db.execute(
    sql`insert into ${accounts} (${columnList}) select ${valueList} from json_populate_recordset(null::${accounts}, ${records}::json) returning id, created_at`,
  );
  const createdAt = new Map(rowsOf<{ id: string; created_at: string | Date }>(result).map((row) => [row.id, new Date(row.created_at)]));
  for (const row of rows) {
    const at = createdAt.get(row.id);
    if (!at) throw new Error(`account insert did not return ${row.id}`);
    row.createdAt = at;
    row.modifiedAt = at;
  }
  return rows;
}

/** Several accounts' standing by id, unscoped: the caller matches each to its own scope. */
export function accountStandings(db: Executor, ids: readonly string[]): Promise<RecordStanding[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: accounts.id, projectId: accounts.projectId, connectionId: accounts.connectionId, syncStatus: accounts.syncStatus })
    .from(accounts)
    .where(inArray(accounts.id, [...ids]));
}

export async function getAccount(db: Executor, scope: RecordScope, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.projectId, scope.projectId), eq(accounts.connectionId, scope.connectionId)));
  return row;
}

/** Keyset pages in creation order; see @ledgersync/unified pagination for the cursor. */
export function listAccounts(db: Executor, scope: RecordScope, page: { cursor: Cursor | null; limit: number }): Promise<Page<AccountRow>> {
  const inScope = and(eq(accounts.projectId, scope.projectId), eq(accounts.connectionId, scope.connectionId));
  return keysetPage(accounts.id, page, (edge, order, limit) =>
    db.select().from(accounts).where(and(inScope, edge)).orderBy(order).limit(limit),
  );
}

/** Worker side: an account by id alone (the job carries only the id). */
export async function loadAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

const accountsForPush = preparedPerHandle((db) =>
  db
    .select({ account: accounts, connection: connections })
    .from(accounts)
    .innerJoin(connections, eq(connections.id, accounts.connectionId))
    .where(sql`${accounts.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .prepare('accounts_for_push'),
);

/**
 * Worker side: accounts with their connection (credentials decrypted), in one query: what every
 * push reads first. Several at once: the worker batches the jobs it runs together.
 */
export async function loadAccountsForPush(
  db: Executor,
  cipher: SecretCipher,
  ids: readonly string[],
): Promise<{ account: AccountRow; connection: Connection }[]> {
  const rows = await accountsForPush(db).execute({ ids });
  return rows.map((row) => ({ account: row.account, connection: decryptConnection(cipher, row.connection) }));
}

const claim = preparedPerHandle((db) =>
  db
    .update(accounts)
    .set({ syncStatus: 'pushing', syncAttempts: sql`${accounts.syncAttempts} + 1`, lastAttemptAt: sql`now()`, modifiedAt: sql`now()` })
    .where(and(sql`${accounts.id} = any(${sql.placeholder('ids')}::uuid[])`, inArray(accounts.syncStatus, ['pending', 'pushing'])))
    .returning()
    .prepare('claim_accounts'),
);

/**
 * Moves pending accounts to `pushing` and counts the attempt, several in one statement (the worker
 * batches the jobs it runs together). An account missing from the answer is already synced or
 * failed: another run finished it (jobs are at-least-once).
 */
export function claimAccounts(db: Executor, ids: readonly string[]): Promise<AccountRow[]> {
  return claim(db).execute({ ids });
}

/** Unified fields as the provider reports them, in unified words (see the adapters' read-back). */
export interface RemoteFields {
  name?: string;
  type?: string;
  classification?: string;
  status?: string;
  account_number?: string;
  currency?: string;
}

/**
 * Marks an unfinished account failed, without an event: the worker's outcome is
 * `recordPushFailed` (outcomes.ts), which records both.
 */
export async function markAccountFailed(db: Executor, id: string, error: SyncError): Promise<AccountRow | undefined> {
  const [row] = await db
    .update(accounts)
    .set({ syncStatus: 'failed', lastError: error, modifiedAt: new Date() })
    .where(and(eq(accounts.id, id), inArray(accounts.syncStatus, ['pending', 'pushing'])))
    .returning();
  return row;
}

/** Back to `pending` after a transient failure or a deferral, keeping what went wrong. */
export async function releaseAccount(db: Executor, id: string, error: SyncError | null) {
  await db
    .update(accounts)
    .set({ syncStatus: 'pending', ...(error ? { lastError: error } : {}), modifiedAt: new Date() })
    .where(and(eq(accounts.id, id), eq(accounts.syncStatus, 'pushing')));
}

/** Accounts whose push has not finished and has not moved since `before`, oldest first. */
/**
 * Unfinished accounts untouched since `before`: the oldest first, or, given `afterId` (`''` for
 * the first page), in id order from there, so a sweep that must see every one (Redis lost its
 * data) can page through them all.
 */
export async function findStalledAccounts(
  db: Executor,
  before: Date,
  limit: number,
  afterId?: string,
): Promise<{ id: string; connectionId: string }[]> {
  const unfinished = and(inArray(accounts.syncStatus, ['pending', 'pushing']), lte(accounts.modifiedAt, before));
  const query = db.select({ id: accounts.id, connectionId: accounts.connectionId }).from(accounts);
  if (afterId === undefined) return query.where(unfinished).orderBy(asc(accounts.modifiedAt)).limit(limit);
  return query
    .where(afterId ? and(unfinished, gt(accounts.id, afterId)) : unfinished)
    .orderBy(asc(accounts.id))
    .limit(limit);
}

/**
 * Whether any push reached a provider since `since`: the sign that requests were sent recently,
 * which tells a new install (or a Redis started before any push) from a Redis that lost its counts
 * (see the jobs package's epoch). Asked only when Redis has no epoch, so rarely; no index needed.
 */
export async function pushesAttemptedSince(db: Executor, since: Date): Promise<boolean> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(gt(accounts.lastAttemptAt, since)).limit(1);
  return rows.length > 0;
}

/** The unified shape of a stored account; `remote_data` only when the caller asked for it. */
export function toAccountOutput(row: AccountRow, includeRemoteData: boolean): AccountOutput {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    classification: row.classification,
    type: row.type,
    status: row.status,
    current_balance: row.currentBalance === null ? null : jsonAmount(row.currentBalance),
    currency: row.currency,
    account_number: row.accountNumber,
    parent_account: row.parentAccountId,
    company_info_id: row.companyInfoId,
    field_mappings: row.fieldMappings,
    remote_id: row.remoteId,
    remote_data: includeRemoteData ? (row.remoteData ?? null) : null,
    created_at: row.createdAt.toISOString(),
    modified_at: row.modifiedAt.toISOString(),
    sync: {
      status: row.syncStatus,
      attempts: row.syncAttempts,
      last_error: row.lastError,
      last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
      synced_at: row.syncedAt?.toISOString() ?? null,
    },
    warnings: row.warnings,
    // Last, after Panora's fields and the push's: where it came from, and whether the provider still has it.
    ...provenanceOf(row),
  };
}

/** The stored account as the unified input a provider adapter maps (vocabulary already checked at intake). */
export function toNormalizedAccount(row: AccountRow): NormalizedAccount {
  return {
    name: row.name,
    description: row.description,
    classification: row.classification as Classification | null,
    type: row.type as AccountType | null,
    status: row.status as AccountStatus | null,
    current_balance: row.currentBalance,
    currency: row.currency,
    account_number: row.accountNumber,
    parent_account: row.parentAccountId,
    company_info_id: row.companyInfoId,
    field_mappings: row.fieldMappings,
  };
}

/**
 * failed → pending, the only way back, starting a new retry round (a fresh idempotency key: see
 * the worker's pushIdempotencyKey). `scope` limits it to a project's connection (the API); null is
 * the operator's dashboard, which sees every project. The row, or undefined when it was not failed.
 */
export async function resetFailedAccount(db: Executor, scope: RecordScope | null, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .update(accounts)
    .set({ syncStatus: 'pending', retryGeneration: sql`${accounts.retryGeneration} + 1`, modifiedAt: new Date() })
    .where(
      and(
        eq(accounts.id, id),
        scope ? eq(accounts.projectId, scope.projectId) : undefined,
        scope ? eq(accounts.connectionId, scope.connectionId) : undefined,
        eq(accounts.syncStatus, 'failed'),
      ),
    )
    .returning();
  return row;
}

/** The failed accounts of a project (of one connection, when given), oldest first. */
export async function listFailedAccountIds(db: Executor, projectId: string, connectionId?: string): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.projectId, projectId),
        connectionId ? eq(accounts.connectionId, connectionId) : undefined,
        eq(accounts.syncStatus, 'failed'),
      ),
    )
    .orderBy(asc(accounts.id));
  return rows.map((row) => row.id);
}

/** How many accounts of a connection are in each sync state. */
export async function countAccountsByStatus(db: Executor, connectionId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: accounts.syncStatus, n: sql<number>`count(*)::int` })
    .from(accounts)
    .where(eq(accounts.connectionId, connectionId))
    .groupBy(accounts.syncStatus);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}
