import {
  type ConnectionRef,
  claimIdempotencyKey,
  completeIdempotencyKey,
  type RecordWrites,
  releaseIdempotencyKey,
  type StoredRecord,
} from '@ledgersync/db';
import { enqueuePush } from '@ledgersync/jobs';
import type { FastifyBaseLogger } from 'fastify';
import type { RouteDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import type { RecordCheck } from './entry.js';
import type { IdempotentRequest } from './idempotency.js';
import type { RecordIntake } from './intake-batch.js';

export interface CreateOutcome {
  status: number;
  body: unknown;
  /** The answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** What the intake of one object is made of: its check, its batched store, its writes and output. */
export interface ObjectIntake<Row extends StoredRecord, Normalized, Warning> {
  object: string;
  check(connection: ConnectionRef, input: unknown): Promise<RecordCheck<Normalized, Warning>>;
  batch: RecordIntake<Row, Normalized, Warning>;
  records: Pick<RecordWrites<Row, Normalized, Warning>, 'insertMany'>;
  toOutput(row: Row, includeRemoteData: boolean): unknown;
}

/**
 * The intake of one record: check it against what the connection's provider can take, store it
 * `pending` (with its Idempotency-Key answer, in the same transaction), enqueue its push.
 * Postgres is the truth: when Redis is unreachable the record is still stored and answered, and
 * the sweeper enqueues it once Redis is back.
 */
export async function createRecord<Row extends StoredRecord, Normalized, Warning>(
  deps: RouteDeps,
  intake: ObjectIntake<Row, Normalized, Warning>,
  connection: ConnectionRef,
  input: unknown,
  options: { includeRemoteData: boolean; idempotency: IdempotentRequest | undefined; log: FastifyBaseLogger },
): Promise<CreateOutcome> {
  const { idempotency } = options;
  const projectId = connection.projectId;
  if (idempotency) {
    const claim = await claimIdempotencyKey(deps.db, projectId, idempotency.key, idempotency.requestHash);
    if (claim.kind === 'replay') return { status: claim.status, body: claim.body, replayed: true };
    if (claim.kind === 'in_flight') {
      throw new ApiError(
        409,
        'idempotency_key_in_use',
        'a request with this Idempotency-Key is still being processed; retry shortly',
        undefined,
        {
          'retry-after': '1',
        },
      );
    }
    if (claim.kind === 'mismatch') {
      throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
    }
  }

  try {
    const { record, warnings } = await intake.check(connection, input);
    const scope = { projectId, connectionId: connection.id };
    if (!idempotency) {
      // The common case: batched with the requests arriving alongside (one INSERT, one addBulk).
      const row = await intake.batch.store({ scope, record, warnings });
      return { status: 201, body: intake.toOutput(row, options.includeRemoteData), replayed: false };
    }
    // With an Idempotency-Key, the stored answer commits with the row.
    const { row, body } = await deps.db.transaction(async (tx) => {
      const [row] = await intake.records.insertMany(tx, [{ scope, record, warnings }]);
      if (!row) throw new Error(`${intake.object} insert returned nothing`);
      const body = intake.toOutput(row, options.includeRemoteData);
      await completeIdempotencyKey(tx, projectId, idempotency.key, 201, body);
      return { row, body };
    });
    try {
      await enqueuePush(deps.queues, { id: row.id, connectionId: row.connectionId, object: intake.object });
    } catch (error) {
      options.log.warn(
        { err: error, object: intake.object, recordId: row.id },
        'could not enqueue the push; the sweeper will once Redis is back',
      );
    }
    return { status: 201, body, replayed: false };
  } catch (error) {
    // Nothing was stored: the client may send the same request again with the same key.
    if (idempotency) await releaseIdempotencyKey(deps.db, projectId, idempotency.key).catch(() => {});
    throw error;
  }
}
