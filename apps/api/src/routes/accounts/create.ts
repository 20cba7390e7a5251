import {
  type ConnectionRef,
  claimIdempotencyKey,
  completeIdempotencyKey,
  insertAccount,
  releaseIdempotencyKey,
  toAccountOutput,
} from '@ledgersync/db';
import { enqueuePush } from '@ledgersync/jobs';
import { type AccountInput, type AccountOutput, checkAccount } from '@ledgersync/unified';
import type { FastifyBaseLogger } from 'fastify';
import type { RouteDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { descriptorOf, pushCapabilitiesOf } from '../../provider.js';
import type { IdempotentRequest } from './idempotency.js';

export interface CreateOutcome {
  status: number;
  body: AccountOutput | unknown;
  /** The answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/**
 * The intake of one account: check it against what the connection's provider can take, store it
 * `pending` (with its Idempotency-Key answer, in the same transaction), enqueue its push.
 * Postgres is the truth: when Redis is unreachable the account is still stored and answered, and
 * the sweeper enqueues it once Redis is back.
 */
export async function createAccount(
  deps: RouteDeps,
  connection: ConnectionRef,
  input: AccountInput,
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
    const { account, warnings } = await check(deps, connection, input);
    const scope = { projectId, connectionId: connection.id };
    if (!idempotency) {
      // The common case: batched with the requests arriving alongside (one INSERT, one addBulk).
      const row = await deps.intake.store({ scope, account, warnings });
      return { status: 201, body: toAccountOutput(row, options.includeRemoteData), replayed: false };
    }
    // With an Idempotency-Key, the stored answer commits with the row.
    const { row, body } = await deps.db.transaction(async (tx) => {
      const row = await insertAccount(tx, scope, account, warnings);
      const body = toAccountOutput(row, options.includeRemoteData);
      await completeIdempotencyKey(tx, projectId, idempotency.key, 201, body);
      return { row, body };
    });
    try {
      await enqueuePush(deps.queues, row);
    } catch (error) {
      options.log.warn({ err: error, accountId: row.id }, 'could not enqueue the push; the sweeper will once Redis is back');
    }
    return { status: 201, body, replayed: false };
  } catch (error) {
    // Nothing was stored: the client may send the same request again with the same key.
    if (idempotency) await releaseIdempotencyKey(deps.db, projectId, idempotency.key).catch(() => {});
    throw error;
  }
}

async function check(deps: RouteDeps, connection: ConnectionRef, input: AccountInput) {
  if (connection.status !== 'active') {
    throw new ApiError(422, 'connection_invalid', 'this connection must be re-authorised before accounts can be pushed to it');
  }
  const descriptor = descriptorOf(connection);
  const checked = checkAccount(input, pushCapabilitiesOf(connection, 'account'), connection.fieldMappings);
  const issues = [...checked.issues];
  if (input.parent_account) {
    const parent = await deps.lookups.account({ projectId: connection.projectId, connectionId: connection.id }, input.parent_account);
    if (!parent) {
      issues.push({ field: 'parent_account', code: 'invalid', message: `no account ${input.parent_account} on this connection` });
    } else if (parent.syncStatus === 'failed') {
      issues.push({ field: 'parent_account', code: 'invalid', message: 'the parent account failed to push; retry it first' });
    }
  }
  if (issues.length > 0) {
    throw new ApiError(
      422,
      'unprocessable_account',
      `${descriptor.displayName} cannot take this account: ${issues.map((issue) => issue.field).join(', ')}`,
      issues.map(({ field, code, message, accepted }) => ({ field, code, message, ...(accepted ? { accepted } : {}) })),
    );
  }
  return checked;
}
