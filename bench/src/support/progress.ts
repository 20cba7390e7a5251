import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from './stack.js';

export interface SyncCounts {
  synced: number;
  failed: number;
  /** Latest synced_at, epoch ms (0 when none). */
  lastSyncedAt: number;
  firstSyncedAt: number;
}

/** Where a connection's accounts stand (only those created by the scenario's bulk load when `ids` is given). */
export async function syncCounts(stack: Stack, connectionId: string): Promise<SyncCounts> {
  // Times as epoch ms numbers: the pool's client (set up by drizzle) reads timestamps as strings.
  const [row] = await stack.database.sql<{ synced: number; failed: number; last: number | null; first: number | null }[]>`
    select count(*) filter (where sync_status = 'synced')::int as synced,
           count(*) filter (where sync_status = 'failed')::int as failed,
           (extract(epoch from max(synced_at)) * 1000)::float8 as last, (extract(epoch from min(synced_at)) * 1000)::float8 as first
    from accounts where connection_id = ${connectionId} and account_number <> '1'`; // the parent (number 1) was set up synced
  return {
    synced: row?.synced ?? 0,
    failed: row?.failed ?? 0,
    lastSyncedAt: row?.last ?? 0,
    firstSyncedAt: row?.first ?? 0,
  };
}

/** Polls until `done` holds (every 200 ms) or the deadline passes; returns the last counts. */
export async function waitForCounts(
  stack: Stack,
  connectionId: string,
  done: (counts: SyncCounts) => boolean,
  timeoutMs: number,
): Promise<{ counts: SyncCounts; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await syncCounts(stack, connectionId);
    if (done(counts)) return { counts, timedOut: false };
    if (Date.now() > deadline) return { counts, timedOut: true };
    await sleep(200);
  }
}
