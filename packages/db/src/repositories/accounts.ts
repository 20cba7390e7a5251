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
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { accounts } from '../schema/index.js';
import { keysetPage } from './pages.js';

export type AccountRow = typeof accounts.$inferSelect;

/** Every client-facing read and write is scoped to the caller's project and connection. */
export interface AccountScope {
  projectId: string;
  connectionId: string;
}

export async function insertAccount(
  db: Executor,
  scope: AccountScope,
  account: NormalizedAccount,
  warnings: AccountWarning[],
): Promise<AccountRow> {
  const [row] = await db
    .insert(accounts)
    .values({
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
      warnings,
    })
    .returning();
  if (!row) throw new Error('account insert returned nothing');
  return row;
}

export async function getAccount(db: Executor, scope: AccountScope, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.projectId, scope.projectId), eq(accounts.connectionId, scope.connectionId)));
  return row;
}

/** Keyset pages in creation order; see @ledgersync/unified pagination for the cursor. */
export function listAccounts(db: Executor, scope: AccountScope, page: { cursor: Cursor | null; limit: number }): Promise<Page<AccountRow>> {
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

/**
 * Moves a pending account to `pushing` and counts the attempt. Returns undefined when the account
 * is already synced or failed: another run finished it (jobs are at-least-once).
 */
export async function claimAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  const now = new Date();
  const [row] = await db
    .update(accounts)
    .set({ syncStatus: 'pushing', syncAttempts: sql`${accounts.syncAttempts} + 1`, lastAttemptAt: now, modifiedAt: now })
    .where(and(eq(accounts.id, id), inArray(accounts.syncStatus, ['pending', 'pushing'])))
    .returning();
  return row;
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
 * The account is at the provider. What the provider reports fills the unified fields the caller
 * left empty (a classification Pennylane derives from the number, ...); it never overwrites what
 * the caller said: their words stay, the provider's are in `remote_data`.
 */
export async function markAccountSynced(db: Executor, id: string, result: { remoteId: string; remoteData: unknown; fields?: RemoteFields }) {
  const now = new Date();
  const fill = (column: AnyPgColumn, value: string | undefined) => (value === undefined ? undefined : sql`coalesce(${column}, ${value})`);
  const fields = result.fields ?? {};
  const [row] = await db
    .update(accounts)
    .set({
      syncStatus: 'synced',
      remoteId: result.remoteId,
      remoteData: result.remoteData,
      lastError: null,
      syncedAt: now,
      modifiedAt: now,
      name: fill(accounts.name, fields.name),
      type: fill(accounts.type, fields.type),
      classification: fill(accounts.classification, fields.classification),
      status: fill(accounts.status, fields.status),
      accountNumber: fill(accounts.accountNumber, fields.account_number),
      currency: fill(accounts.currency, fields.currency),
    })
    .where(and(eq(accounts.id, id), inArray(accounts.syncStatus, ['pending', 'pushing'])))
    .returning();
  return row;
}

export async function markAccountFailed(db: Executor, id: string, error: SyncError) {
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
export async function findStalledAccounts(db: Executor, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(inArray(accounts.syncStatus, ['pending', 'pushing']), lte(accounts.modifiedAt, before)))
    .orderBy(asc(accounts.modifiedAt))
    .limit(limit);
  return rows.map((row) => row.id);
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
    current_balance: row.currentBalance,
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

/** `failed` → `pending`, only by an explicit retry; the row, or undefined when it was not failed. */
/**
 * failed → pending, the only way back. `scope` limits it to a project's connection (the API);
 * null is the operator's dashboard, which sees every project.
 */
export async function resetFailedAccount(db: Executor, scope: AccountScope | null, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .update(accounts)
    .set({ syncStatus: 'pending', modifiedAt: new Date() })
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
    .where(and(eq(accounts.projectId, projectId), connectionId ? eq(accounts.connectionId, connectionId) : undefined, eq(accounts.syncStatus, 'failed')))
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
