import { type AccountRow, type AccountScope, type Db, getAccount, loadAccount, resetFailedAccount } from '@ledgersync/db';
import { type Queues, requeuePush } from '@ledgersync/jobs';
import type { OperationLog } from './log.js';

export type RetryOutcome = { kind: 'retried'; row: AccountRow } | { kind: 'not_found' } | { kind: 'not_failed'; status: string };

/**
 * Puts a failed account back to `pending` and enqueues its push again. The API's
 * `POST /accounting/accounts/{id}/retry` (scoped to the caller's connection), the CLI's
 * `accounts retry` (scoped to the project's connection) and the operator's dashboard (`scope`
 * null) all retry through here, so a retry is the same wherever it starts.
 */
export async function retryFailedAccount(
  deps: { db: Db; queues: Queues },
  scope: AccountScope | null,
  id: string,
  log: OperationLog,
): Promise<RetryOutcome> {
  const row = await resetFailedAccount(deps.db, scope, id);
  if (!row) {
    const current = scope ? await getAccount(deps.db, scope, id) : await loadAccount(deps.db, id);
    return current ? { kind: 'not_failed', status: current.syncStatus } : { kind: 'not_found' };
  }
  try {
    await requeuePush(deps.queues, row);
  } catch (error) {
    // The row is pending in Postgres: the sweeper enqueues it once Redis is back.
    log.warn({ err: error, accountId: id }, 'could not enqueue the retry; the sweeper will once Redis is back');
  }
  return { kind: 'retried', row };
}
