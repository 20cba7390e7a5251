/**
 * A record's sync state, kept the same way for every object and both directions (the shared
 * columns of packages/db/src/schema/sync-state.ts).
 */

/** push: ledgersync → provider (what clients create); pull: provider → ledgersync (the customer's books). */
export const DIRECTIONS = ['push', 'pull'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SYNC_STATUSES = ['pending', 'pushing', 'synced', 'failed'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** What went wrong on the last attempt, as the API shows it. */
export interface SyncError {
  code: string;
  message: string;
  /** The provider's own error code, when it gave one (QuickBooks `6240`, ...). */
  provider_code?: string;
}

