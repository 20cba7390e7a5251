import { type ConnectionRef, getAccount, insertAccount } from '@ledgersync/db';
import { enqueuePush } from '@ledgersync/jobs';
import { findAdapter } from '@ledgersync/providers';
import { type AccountInput, checkAccount } from '@ledgersync/unified';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiDeps } from '../../deps.js';
import { ApiError } from '../../errors.js';

/**
 * The intake of one account: check it against what the connection's provider can take, store it
 * `pending`, enqueue its push. Postgres is the truth: when Redis is unreachable the account is
 * still stored and answered, and the sweeper enqueues it once Redis is back.
 */
export async function createAccount(deps: ApiDeps, connection: ConnectionRef, input: AccountInput, log: FastifyBaseLogger) {
  if (connection.status !== 'active') {
    throw new ApiError(422, 'connection_invalid', 'this connection must be re-authorised before accounts can be pushed to it');
  }
  const adapter = findAdapter(connection.provider);
  if (!adapter) throw new ApiError(422, 'unsupported_provider', `ledgersync cannot push to ${connection.provider}`);

  const check = checkAccount(input, adapter.descriptor.accounts);
  const issues = [...check.issues];
  const scope = { projectId: connection.projectId, connectionId: connection.id };
  if (input.parent_account) {
    const parent = await getAccount(deps.db, scope, input.parent_account);
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
      `${adapter.descriptor.displayName} cannot take this account: ${issues.map((issue) => issue.field).join(', ')}`,
      issues.map(({ field, code, message, accepted }) => ({ field, code, message, ...(accepted ? { accepted } : {}) })),
    );
  }

  const row = await insertAccount(deps.db, scope, check.account, check.warnings);
  try {
    await enqueuePush(deps.queues, row.id);
  } catch (error) {
    log.warn({ err: error, accountId: row.id }, 'could not enqueue the push; the sweeper will once Redis is back');
  }
  return row;
}
