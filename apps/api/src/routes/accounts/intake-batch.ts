import { type AccountRow, type Db, insertAccounts, type NewAccount } from '@ledgersync/db';
import { enqueuePushes, type Queues } from '@ledgersync/jobs';
import type { Logger } from '@ledgersync/runtime';
import DataLoader from 'dataloader';
import { databaseUnavailable } from '../../errors.js';

/**
 * Stores accounts and enqueues their pushes in batches: the requests that arrive in one turn of
 * the event loop share one multi-row INSERT and one `addBulk`, where one each per request made
 * the database and Redis round trips the intake's limit. Each request still gets its answer only
 * once its own row is committed (the INSERT is one statement, so one transaction).
 */
export interface AccountIntake {
  store(account: NewAccount): Promise<AccountRow>;
}

export function createAccountIntake(deps: { db: Db; queues: Queues; logger: Logger }): AccountIntake {
  const loader = new DataLoader<NewAccount, AccountRow>(
    async (items) => {
      const rows = await insertOrIsolate(deps.db, items);
      const stored = rows.filter((row): row is AccountRow => !(row instanceof Error));
      try {
        // With their connection: a connection enqueueing in bulk takes the slow lane (see PushTarget).
        await enqueuePushes(deps.queues, stored);
      } catch (error) {
        // Postgres is the truth: the accounts are stored, and the sweeper enqueues them once Redis is back.
        deps.logger.warn(
          { err: error, accountIds: stored.map((row) => row.id) },
          'could not enqueue the pushes; the sweeper will once Redis is back',
        );
      }
      return rows;
    },
    { cache: false, maxBatchSize: 200, batchScheduleFn: (run) => setImmediate(run) },
  );
  return { store: (account) => loader.load(account) };
}

/**
 * One INSERT for the batch; if the database refuses it (a row it will not take), each row on its
 * own, so one request's bad row fails that request only. An unreachable database fails them all.
 */
async function insertOrIsolate(db: Db, items: readonly NewAccount[]): Promise<(AccountRow | Error)[]> {
  try {
    return await insertAccounts(db, items);
  } catch (error) {
    if (items.length === 1 || databaseUnavailable(error)) return items.map(() => error as Error);
    return Promise.all(
      items.map((item) =>
        insertAccounts(db, [item]).then(
          ([row]) => row ?? new Error('account insert returned nothing'),
          (failure: Error) => failure,
        ),
      ),
    );
  }
}
