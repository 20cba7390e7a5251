import { type AccountRow, loadAccount, releaseAccount, toNormalizedAccount } from '@ledgersync/db';
import type { PushAccountJob } from '@ledgersync/jobs';
import { findAdapter, ProviderError, type PushContext, RateLimited } from '@ledgersync/providers';
import type { SyncError } from '@ledgersync/unified';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { createBatchedReads } from '../batched-reads.js';
import type { WorkerContext } from '../context.js';
import { withAccessToken } from '../credentials.js';
import { recordFailed, recordSynced } from '../outcomes.js';
import { ratePolicyFor } from '../rate-policy.js';

export type PushOutcome =
  | { outcome: 'synced'; remoteId: string }
  | { outcome: 'already-finished'; status: string }
  | { outcome: 'missing' };

/** A failure that ends the push now, whatever attempts are left. */
class PushFailed extends Error {
  override readonly name = 'PushFailed';
  constructor(readonly syncError: SyncError) {
    super(syncError.message);
  }
}

function toSyncError(error: unknown): SyncError {
  if (error instanceof PushFailed) return error.syncError;
  if (error instanceof ProviderError) {
    const code =
      {
        RateLimited: 'rate_limited',
        ProviderUnavailable: 'provider_unavailable',
        ProviderRejected: 'provider_rejected',
        CredentialsExpired: 'credentials_expired',
        ConnectionRevoked: 'connection_invalid',
        UnexpectedResponse: 'unexpected_response',
      }[error.name] ?? 'provider_error';
    return { code, message: error.message, ...(error.providerCode ? { provider_code: error.providerCode } : {}) };
  }
  return { code: 'internal_error', message: 'ledgersync could not push this account; see the worker log' };
}

/**
 * The request's `field_mappings` values under the provider field names the connection maps them
 * to. Intake refuses unmapped slugs; one unmapped since then fails the push rather than being dropped.
 */
function resolveMappings(values: Record<string, unknown> | null, mappings: Record<string, string>): Record<string, unknown> {
  const mapped: Record<string, unknown> = {};
  for (const [slug, value] of Object.entries(values ?? {})) {
    const field = mappings[slug];
    if (!field)
      throw new PushFailed({
        code: 'invalid_mapping',
        message: `field_mappings "${slug}" is no longer mapped on this connection; map it and retry`,
      });
    mapped[field] = value;
  }
  return mapped;
}

/**
 * Pushes one account to its connection's provider. Jobs are at-least-once, so every step is safe
 * to repeat: a finished account is left alone, the provider gets the account id as idempotency
 * key, and the `created` event is recorded once.
 */
export function createPushAccountProcessor(context: WorkerContext) {
  const reads = createBatchedReads(context);
  return async function pushAccount(job: Job<PushAccountJob>, token?: string): Promise<PushOutcome> {
    const { accountId } = job.data;
    const log = context.logger.child({ jobId: job.id, accountId });

    const loaded = await reads.accountForPush(accountId);
    if (!loaded) {
      log.warn('account no longer exists; nothing to push');
      return { outcome: 'missing' };
    }
    const { account, connection } = loaded;
    // The record as last read: the claimed row once claimed (its attempts count), the loaded one before.
    let current = account;
    if (account.syncStatus === 'synced' || account.syncStatus === 'failed') {
      return { outcome: 'already-finished', status: account.syncStatus };
    }

    // Known once the connection is loaded; failures before that (a failed parent) count as 'unknown'.
    let provider = 'unknown';
    try {
      const parentRemoteId = await resolveParent(account);
      if (parentRemoteId === undefined) {
        // The parent is not at the provider yet: wait for it without spending an attempt.
        await job.moveToDelayed(Date.now() + context.settings.PARENT_WAIT_MS, token);
        throw new DelayedError();
      }

      provider = connection.provider;
      if (connection.status !== 'active') {
        throw new PushFailed({ code: 'connection_invalid', message: 'the connection is invalid: the customer must reconnect' });
      }
      const adapter = findAdapter(connection.provider);
      if (!adapter) throw new PushFailed({ code: 'unsupported_provider', message: `no adapter for ${connection.provider}` });

      // The connection's limiter: a job with no slot now waits for its slot, spending no attempt.
      const timeoutMs = context.settings.PROVIDER_TIMEOUT_MS ?? adapter.descriptor.requestTimeoutMs;
      const admission = await context.limiter.admit(connection.id, accountId, ratePolicyFor(adapter.descriptor, connection, timeoutMs));
      if (!admission.admitted) {
        log.debug({ waitMs: admission.waitMs, reason: admission.reason }, 'waiting for the connection limiter');
        context.metrics?.pushOutcome(provider, 'deferred');
        context.metrics?.rateLimitDelay(provider, admission.reason, admission.waitMs);
        await job.moveToDelayed(Date.now() + admission.waitMs, token);
        throw new DelayedError();
      }

      let providerAnswered: ((result: 'ok' | 'error') => void) | undefined;
      try {
        const claimed = await reads.claim(accountId);
        if (!claimed) return { outcome: 'already-finished', status: 'finished elsewhere' };
        current = claimed;
        log.debug({ provider: connection.provider, attempt: claimed.syncAttempts }, 'pushing account');

        const unified = toNormalizedAccount(claimed);
        const mappedFields = resolveMappings(claimed.fieldMappings, connection.fieldMappings);
        providerAnswered = context.metrics?.pushStarted(provider);
        const result = await withAccessToken(context, connection, async (accessToken) => {
          const push: PushContext = {
            baseUrl: connection.baseUrl,
            tenantId: connection.tenantId,
            accessToken,
            idempotencyKey: accountId,
            parentRemoteId,
            timeoutMs,
            mappedFields,
          };
          // A re-sent create may follow one whose answer was lost: where the provider keeps no
          // idempotency key (or may have forgotten it), adopt what the earlier attempt created.
          if (claimed.syncAttempts > 1 && adapter.findAccount) {
            const found = await adapter.findAccount(unified, push);
            if (found) {
              log.info({ remoteId: found.remoteId }, 'adopting the account an earlier attempt created');
              return found;
            }
          }
          return adapter.createAccount(unified, push);
        });
        providerAnswered?.('ok');
        if (result.quotaPauseMs) {
          context.metrics?.rateLimitDelay(provider, 'quota', result.quotaPauseMs);
          await context.limiter.quotaSpent(connection.id, accountId, result.quotaPauseMs);
        }
        await recordSynced(context, 'account', claimed, result);
        context.metrics?.pushSynced(provider, claimed.createdAt);
        log.info({ remoteId: result.remoteId, provider: connection.provider }, 'account pushed');
        return { outcome: 'synced', remoteId: result.remoteId };
      } catch (error) {
        providerAnswered?.('error');
        // The provider throttled this connection: everyone on it waits, not only this job.
        if (error instanceof RateLimited) {
          const wait = error.documentedWait ? (context.settings.THROTTLE_WAIT_MS ?? error.retryAfterMs) : error.retryAfterMs;
          context.metrics?.rateLimitDelay(provider, 'throttled', wait);
          await context.limiter.pushBack(connection.id, wait);
          throw error.withWait(wait);
        }
        throw error;
      } finally {
        await context.limiter.release(connection.id, accountId);
      }
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const syncError = toSyncError(error);
      const transient = error instanceof ProviderError ? error.transient : !(error instanceof PushFailed);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

      if (transient && !lastAttempt) {
        log.warn({ err: error, attempt: job.attemptsMade + 1 }, 'push failed; will retry');
        context.metrics?.pushOutcome(provider, 'retried');
        await releaseAccount(context.db, accountId, syncError);
        throw error;
      }
      log.warn({ err: error, syncError }, 'push failed for good');
      context.metrics?.pushOutcome(provider, 'failed');
      await recordFailed(context, 'account', current, syncError);
      throw new UnrecoverableError(syncError.message);
    }
  };

  /** The parent's remote id, null without a parent, undefined while the parent is not pushed. */
  async function resolveParent(account: AccountRow): Promise<string | null | undefined> {
    if (!account.parentAccountId) return null;
    const parent = await loadAccount(context.db, account.parentAccountId);
    if (!parent || parent.syncStatus === 'failed') {
      const reason = parent?.lastError?.message ?? 'it no longer exists';
      throw new PushFailed({ code: 'parent_failed', message: `parent account ${account.parentAccountId} could not be pushed: ${reason}` });
    }
    if (parent.syncStatus !== 'synced' || !parent.remoteId) return undefined;
    return parent.remoteId;
  }
}
