import type { AccountOutput, NormalizedAccount, ObjectName, SyncError } from '@ledgersync/unified';
import type { SecretCipher } from '@ledgersync/secrets';
import type { Executor } from '../client.js';
import { accounts } from '../schema/index.js';
import type { Connection } from './connections.js';
import {
  type AccountRow,
  claimAccounts,
  findStalledAccounts,
  loadAccountsForPush,
  loadAccount,
  releaseAccount,
  type RemoteFields,
  toAccountOutput,
  toNormalizedAccount,
} from './accounts.js';

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
export interface RecordKind<Row, Output, Normalized> {
  table: typeof accounts;
  load(db: Executor, id: string): Promise<Row | undefined>;
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
  toOutput(row: Row, includeRemoteData: boolean): Output;
  /** The stored record as the unified input a provider handler maps. */
  toNormalized(row: Row): Normalized;
  /** The record's own fields a push fills from what the provider reports. */
  filledByPush(claimed: Row, pushed: PushedRecord): Partial<Row>;
}

export const RECORDS: { account: RecordKind<AccountRow, AccountOutput, NormalizedAccount> } = {
  account: {
    table: accounts,
    load: loadAccount,
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

/** A stored record (of any object: the union of their rows). */
export type RecordRow = (typeof RECORDS)[ObjectName]['table']['$inferSelect'];
/** Columns an outcome writes. */
export type RecordChange = Partial<(typeof RECORDS)[ObjectName]['table']['$inferInsert']>;
