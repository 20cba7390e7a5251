import { type Db, RECORDS, type RecordReads, type RecordScope, type RecordWrites, type StoredRecord } from '@ledgersync/db';
import { type Queues, requeuePush } from '@ledgersync/jobs';
import type { OperationLog } from './log.js';

export type RetryOutcome<Row = StoredRecord> =
  | { kind: 'retried'; row: Row }
  | { kind: 'not_found' }
  | { kind: 'not_failed'; status: string };

/** An object's records as a retry reads and writes them (its entry in `RECORDS` will do). */
export interface RetryableRecords<Row extends StoredRecord> {
  /** The registry name its push jobs carry (`account`). */
  object: string;
  records: Pick<RecordReads<Row, unknown>, 'get' | 'load'> & Pick<RecordWrites<Row, never, never>, 'resetFailed'>;
}

/**
 * Puts a failed record back to `pending` and enqueues its push again. The API's
 * `POST /accounting/<object>/{id}/retry` (scoped to the caller's connection), the CLI's
 * `accounts retry` (scoped to the project's connection) and the operator's dashboard (`scope`
 * null) all retry through here, so a retry is the same wherever it starts.
 */
export async function retryFailedRecord<Row extends StoredRecord>(
  deps: { db: Db; queues: Queues },
  { object, records }: RetryableRecords<Row>,
  scope: RecordScope | null,
  id: string,
  log: OperationLog,
): Promise<RetryOutcome<Row>> {
  const row = await records.resetFailed(deps.db, scope, id);
  if (!row) {
    const current = scope ? await records.get(deps.db, scope, id) : await records.load(deps.db, id);
    return current ? { kind: 'not_failed', status: current.syncStatus } : { kind: 'not_found' };
  }
  try {
    await requeuePush(deps.queues, { id: row.id, connectionId: row.connectionId, object });
  } catch (error) {
    // The row is pending in Postgres: the sweeper enqueues it once Redis is back.
    log.warn({ err: error, object, recordId: id }, 'could not enqueue the retry; the sweeper will once Redis is back');
  }
  return { kind: 'retried', row };
}

/** The CLI's `accounts retry`: {@link retryFailedRecord} of an account. */
export function retryFailedAccount(deps: { db: Db; queues: Queues }, scope: RecordScope | null, id: string, log: OperationLog) {
  return retryFailedRecord(deps, { object: 'account', records: RECORDS.account }, scope, id, log);
}
