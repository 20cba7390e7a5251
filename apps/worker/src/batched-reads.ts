import { type AccountRow, claimAccounts, type DeliveryToSend, loadAccountsForPush, loadDeliveries } from '@ledgersync/db';
import DataLoader from 'dataloader';
import type { WorkerContext } from './context.js';

/**
 * The reads and the claim every job starts with, batched: the jobs a worker runs at once (20
 * pushes and 20 deliveries by default) that reach the same step in one turn of the event loop
 * share one statement instead of one each. Nothing is cached between batches: each job reads the
 * account or delivery as it is when it runs.
 */
export interface BatchedReads {
  accountForPush(id: string): Promise<Awaited<ReturnType<typeof loadAccountsForPush>>[number] | undefined>;
  /** The account moved to `pushing`, or undefined when another run already finished it. */
  claim(id: string): Promise<AccountRow | undefined>;
  delivery(id: string): Promise<DeliveryToSend | undefined>;
}

// A batch closes when the event loop has run every callback it had: after the poll phase.
const options = { cache: false, maxBatchSize: 100, batchScheduleFn: (run: () => void) => setImmediate(run) } as const;

function byId<T>(ids: readonly string[], rows: readonly T[], idOf: (row: T) => string): (T | undefined)[] {
  const found = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => found.get(id));
}

export function createBatchedReads(context: Pick<WorkerContext, 'db' | 'cipher'>): BatchedReads {
  const { db, cipher } = context;
  const accounts = new DataLoader(
    async (ids: readonly string[]) => byId(ids, await loadAccountsForPush(db, cipher, ids), (row) => row.account.id),
    options,
  );
  const claims = new DataLoader(async (ids: readonly string[]) => byId(ids, await claimAccounts(db, ids), (row) => row.id), options);
  const deliveries = new DataLoader(
    async (ids: readonly string[]) => byId(ids, await loadDeliveries(db, cipher, ids), (row) => row.delivery.id),
    options,
  );
  return {
    accountForPush: (id) => accounts.load(id),
    claim: (id) => claims.load(id),
    delivery: (id) => deliveries.load(id),
  };
}
