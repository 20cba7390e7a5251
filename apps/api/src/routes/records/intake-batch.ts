import type { Db, NewRecord, RecordWrites, StoredRecord } from '@ledgersync/db';
import { enqueuePushes, type Queues } from '@ledgersync/jobs';
import type { Logger } from '@ledgersync/runtime';
import DataLoader from 'dataloader';
import { databaseUnavailable } from '../../errors.js';

/**
 * Stores an object's records and enqueues their pushes in batches: the requests that arrive in one
 * turn of the event loop share one multi-row INSERT and one `addBulk`, where one each per request
 * made the database and Redis round trips the intake's limit. Each request still gets its answer
 * only once its own row is committed (the INSERT is one statement, so one transaction).
 */
export interface RecordIntake<Row, Normalized, Warning> {
  store(record: NewRecord<Normalized, Warning>): Promise<Row>;
}

/** One per object: its batches are its own table's INSERTs. */
export function createRecordIntake<Row extends StoredRecord, Normalized, Warning>(
  deps: { db: Db; queues: Queues; logger: Logger },
  object: string,
  records: Pick<RecordWrites<Row, Normalized, Warning>, 'insertMany'>,
): RecordIntake<Row, Normalized, Warning> {
  const loader = new DataLoader<NewRecord<Normalized, Warning>, Row>(
    async (items) => {
      const rows = await insertOrIsolate(deps.db, records, items);
      const stored = rows.filter((row): row is Row => !(row instanceof Error));
      try {
        // With their connection: a connection enqueueing in bulk takes the slow lane (see PushTarget).
        await enqueuePushes(
          deps.queues,
          stored.map((row) => ({ id: row.id, connectionId: row.connectionId, object })),
        );
      } catch (error) {
        // Postgres is the truth: the records are stored, and the sweeper enqueues them once Redis is back.
        deps.logger.warn(
          { err: error, object, recordIds: stored.map((row) => row.id) },
          'could not enqueue the pushes; the sweeper will once Redis is back',
        );
      }
      return rows;
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setImmediate(run) },
  );
  return { store: (record) => loader.load(record) };
}

/**
 * One INSERT for the batch; if the database refuses it (a row it will not take), each row on its
 * own, so one request's bad row fails that request only. An unreachable database fails them all.
 */
async function insertOrIsolate<Row, Normalized, Warning>(
  db: Db,
  records: Pick<RecordWrites<Row & StoredRecord, Normalized, Warning>, 'insertMany'>,
  items: readonly NewRecord<Normalized, Warning>[],
): Promise<(Row | Error)[]> {
  try {
    return await records.insertMany(db, items);
  } catch (error) {
    if (items.length === 1 || databaseUnavailable(error)) return items.map(() => error as Error);
    return Promise.all(
      items.map((item) =>
        records.insertMany(db, [item]).then(
          ([row]) => row ?? new Error('insert returned nothing'),
          (failure: Error) => failure,
        ),
      ),
    );
  }
}
