import { type Connection, type DeliveryToSend, loadDeliveries, RECORDS, type RecordRow } from '@ledgersync/db';
import type { PushedObjectName } from '@ledgersync/unified';
import DataLoader from 'dataloader';
import type { WorkerContext } from './context.js';

/**
 * The reads and the claim every job starts with, batched: the jobs a worker runs at once (20
 * pushes and 20 deliveries by default) that reach the same step in one turn of the event loop
 * share one statement instead of one each. Nothing is cached between batches: each job reads the
 * record or delivery as it is when it runs. Records are read per object, through its registry entry.
 */
export interface BatchedReads {
  /** The record and its connection, or undefined when it no longer exists. */
  recordForPush(object: PushedObjectName, id: string): Promise<{ record: RecordRow; connection: Connection } | undefined>;
  /** The record moved to `pushing`, or undefined when another run already finished it. */
  claim(object: PushedObjectName, id: string): Promise<RecordRow | undefined>;
  delivery(id: string): Promise<DeliveryToSend | undefined>;
}

// A batch closes when the event loop has run every callback it had: after the poll phase.
const options = { cache: false, maxBatchSize: 100, batchScheduleFn: (run: () => void) => setImmediate(run) } as const;

function byId<T>(ids: readonly string[], rows: readonly T[], idOf: (row: T) => string): (T | undefined)[] {
  const found = new Map(rows.map((row) => [idOf(row), row]));
  return ids.map((id) => found.get(id));
}

/** One loader per object, made when a job of that object first asks. */
function perObject<T>(make: (object: PushedObjectName) => DataLoader<string, T | undefined>) {
  const loaders = new Map<PushedObjectName, DataLoader<string, T | undefined>>();
  return (object: PushedObjectName) => {
    let loader = loaders.get(object);
    if (!loader) {
      loader = make(object);
      loaders.set(object, loader);
    }
    return loader;
  };
}

export function createBatchedReads(context: Pick<WorkerContext, 'db' | 'cipher'>): BatchedReads {
  const { db, cipher } = context;
  const records = perObject(
    (object) =>
      new DataLoader(
        async (ids: readonly string[]) => byId(ids, await RECORDS[object].loadForPush(db, cipher, ids), (row) => row.record.id),
        options,
      ),
  );
  const claims = perObject(
    (object) => new DataLoader(async (ids: readonly string[]) => byId(ids, await RECORDS[object].claim(db, ids), (row) => row.id), options),
  );
  const deliveries = new DataLoader(
    async (ids: readonly string[]) => byId(ids, await loadDeliveries(db, cipher, ids), (row) => row.delivery.id),
    options,
  );
  return {
    recordForPush: (object, id) => records(object).load(id),
    claim: (object, id) => claims(object).load(id),
    delivery: (id) => deliveries.load(id),
  };
}
