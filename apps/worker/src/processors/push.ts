import { type Connection, RECORDS, type RecordRow, RemoteIdTaken } from '@ledgersync/db';
import type { PushJob } from '@ledgersync/jobs';
import {
  findDescriptor,
  findPushHandler,
  type ProviderDescriptor,
  ProviderError,
  type PushContext,
  type PushResult,
  RateLimited,
} from '@ledgersync/providers';
import { isPushedObject, type NormalizedAccount, OBJECTS, type PushedObjectName, type SyncError } from '@ledgersync/unified';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { createBatchedReads } from '../batched-reads.js';
import type { WorkerContext } from '../context.js';
import { providerErrorCode } from '../error-codes.js';
import type { RateLimitReason } from '../metrics/index.js';
import { withAccessToken } from '../credentials.js';
import { recordFailed, recordSynced } from '../outcomes.js';
import { type Dependency, decidePush, type PushAction, type PushFacts } from '../push/decide.js';
import { pushIdempotencyKey } from '../push/idempotency-key.js';
import { appOf, ratePolicyFor } from '../rate-policy.js';

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
  if (error instanceof RemoteIdTaken) return { code: 'remote_id_taken', message: error.message };
  if (error instanceof ProviderError) {
    const code = providerErrorCode(error);
    return { code, message: error.message, ...(error.providerCode ? { provider_code: error.providerCode } : {}) };
  }
  return { code: 'internal_error', message: 'ledgersync could not push this account; see the worker log' };
}

/**
 * The request's `field_mappings` values under the provider field names the connection maps them
 * to. Intake refuses unmapped slugs; one unmapped since then fails the push rather than being dropped.
 */
function resolveMappings(values: Record<string, unknown> | null | undefined, mappings: Record<string, string>): Record<string, unknown> {
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

/** What the processor calls at the provider for one object: the create, and the lookup before a re-send. */
interface ProviderPush {
  create(record: NormalizedAccount, context: PushContext): Promise<PushResult>;
  find?(record: NormalizedAccount, context: PushContext): Promise<PushResult | null>;
  requestTimeoutMs: number;
  descriptor: ProviderDescriptor;
}

/** The one place the processor reaches a provider's code (per provider and object, from its registry). */
function pushHandlerFor(provider: string, object: PushedObjectName): ProviderPush | undefined {
  const handler = findPushHandler(provider, object);
  const descriptor = findDescriptor(provider);
  if (!handler || !descriptor) return undefined;
  const { find } = handler;
  return {
    create: (record, push) => handler.create(record, push),
    ...(find ? { find: (record: NormalizedAccount, push: PushContext) => find.call(handler, record, push) } : {}),
    requestTimeoutMs: descriptor.requestTimeoutMs,
    descriptor,
  };
}

const isObject = isPushedObject;

/**
 * Pushes one record to its connection's provider. Jobs are at-least-once, so every step is safe
 * to repeat: a finished record is left alone, the provider gets the record id as idempotency key,
 * and the `created` event is recorded once. What to do at each step is decided by `decidePush`
 * (push/decide.ts); this loads what it needs and applies the answer. BullMQ's `signal` aborts the
 * provider call when the worker shuts down; the next attempt then looks the record up first.
 */
export function createPushProcessor(context: WorkerContext) {
  const reads = createBatchedReads(context);
  // Three parameters: BullMQ hands a processor the job's AbortSignal only when it declares one.
  return async function push(job: Job<PushJob>, token?: string, signal?: AbortSignal): Promise<PushOutcome> {
    const { object, id } = job.data;
    const log = context.logger.child({ jobId: job.id, object, accountId: id });
    if (!isObject(object)) throw new UnrecoverableError(`no object ${object}`);

    const loaded = await reads.recordForPush(object, id);
    const facts: PushFacts = {
      record: loaded ? { status: loaded.record.syncStatus } : undefined,
      dependency: { state: 'none' },
      connectionActive: loaded?.connection.status === 'active',
      provider: loaded?.connection.provider ?? 'unknown',
      handler: undefined,
      dependencyWaitMs: context.settings.PARENT_WAIT_MS,
    };
    if (!loaded || loaded.record.syncStatus === 'synced' || loaded.record.syncStatus === 'failed') {
      const skip = decidePush(facts);
      if (skip.action === 'skip' && skip.reason === 'missing') log.warn('record no longer exists; nothing to push');
      return skip.action === 'skip' && skip.reason === 'finished'
        ? { outcome: 'already-finished', status: skip.status ?? '' }
        : { outcome: 'missing' };
    }
    const { record, connection } = loaded;
    // The record as last read: the claimed row once claimed (its attempts count), the loaded one before.
    let current: RecordRow = record;
    facts.dependency = await dependencyOf(object, record);
    const handler = pushHandlerFor(connection.provider, object);
    facts.handler = handler ? { canFind: Boolean(handler.find) } : undefined;
    // Known once the dependency is met; failures before that (a failed parent) count as 'unknown'.
    const dependencyMet = facts.dependency.state === 'none' || facts.dependency.state === 'pushed';
    const provider = dependencyMet ? connection.provider : 'unknown';
    const timeoutMs = context.settings.PROVIDER_TIMEOUT_MS ?? handler?.requestTimeoutMs ?? 30_000;
    let providerAnswered: ((result: 'ok' | 'error') => void) | undefined;
    let admitted = false;

    try {
      for (;;) {
        const next: PushAction = decidePush(facts);
        switch (next.action) {
          case 'skip':
            return { outcome: 'already-finished', status: next.status ?? '' };
          case 'wait':
            if (next.reason === 'limiter') {
              log.debug({ waitMs: next.delayMs, reason: next.limiterReason }, 'waiting for the connection limiter');
              context.metrics?.pushOutcome(provider, 'deferred');
              context.metrics?.rateLimitDelay(provider, (next.limiterReason ?? 'rate') as RateLimitReason, next.delayMs);
            }
            // Delayed, not failed: no attempt is spent.
            await job.moveToDelayed(Date.now() + next.delayMs, token);
            throw new DelayedError();
          case 'fail':
          case 'retry':
            throw new PushFailed(next.error);
          case 'admit': {
            if (!handler) throw new Error('admit without a handler');
            const admission = await context.limiter.admit(connection.id, id, ratePolicyFor(handler.descriptor, connection, timeoutMs));
            admitted = admission.admitted;
            facts.admission = admission.admitted
              ? { admitted: true }
              : { admitted: false, waitMs: admission.waitMs, reason: admission.reason };
            break;
          }
          case 'claim': {
            const claimed = await reads.claim(object, id);
            if (claimed) current = claimed;
            facts.claimed = claimed ? { attempts: claimed.syncAttempts } : null;
            break;
          }
          case 'send': {
            if (!handler) throw new Error('send without a handler');
            log.debug({ provider: connection.provider, attempt: current.syncAttempts }, 'pushing account');
            providerAnswered = context.metrics?.pushStarted(provider);
            const result = await send(object, handler, connection, current, next, { id, timeoutMs, signal, log });
            providerAnswered?.('ok');
            providerAnswered = undefined;
            if (result.quotaPauseMs) {
              context.metrics?.rateLimitDelay(provider, 'quota', result.quotaPauseMs);
              await context.limiter.quotaSpent(connection.id, id, result.quotaPauseMs);
            }
            if (result.appQuotaPauseMs) {
              // The app's calls across all its connections are spent: every connection of the
              // provider waits, in every process. The provider does not say until when: the
              // operator's THROTTLE_WAIT_MS replaces the guess, as for a 429 that does not say.
              const wait = context.settings.THROTTLE_WAIT_MS ?? result.appQuotaPauseMs;
              context.metrics?.rateLimitDelay(provider, 'quota', wait);
              await context.limiter.holdApp(appOf(connection), wait);
            }
            await recordSynced(context, object, current, result);
            context.metrics?.pushSynced(provider, current.createdAt);
            log.info({ remoteId: result.remoteId, provider: connection.provider }, 'account pushed');
            return { outcome: 'synced', remoteId: result.remoteId };
          }
        }
      }
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      providerAnswered?.('error');
      // The provider throttled this connection: everyone on it waits, not only this job; or it
      // throttled the whole app: every connection of the provider waits.
      let failure = error;
      if (error instanceof RateLimited) {
        const wait = error.documentedWait ? (context.settings.THROTTLE_WAIT_MS ?? error.retryAfterMs) : error.retryAfterMs;
        context.metrics?.rateLimitDelay(provider, 'throttled', wait);
        if (error.scope === 'app') await context.limiter.holdApp(appOf(connection), wait);
        else await context.limiter.pushBack(connection.id, wait);
        failure = error.withWait(wait);
      }
      const syncError = toSyncError(failure);
      const decided = decidePush({
        ...facts,
        failure: {
          error: syncError,
          transient:
            failure instanceof ProviderError ? failure.transient : !(failure instanceof PushFailed || failure instanceof RemoteIdTaken),
          attemptsMade: job.attemptsMade,
          maxAttempts: job.opts.attempts ?? 1,
        },
      });
      if (decided.action === 'retry') {
        log.warn({ err: failure, attempt: job.attemptsMade + 1 }, 'push failed; will retry');
        context.metrics?.pushOutcome(provider, 'retried');
        await RECORDS[object].release(context.db, id, syncError);
        throw failure;
      }
      log.warn({ err: failure, syncError }, 'push failed for good');
      context.metrics?.pushOutcome(provider, 'failed');
      await recordFailed(context, object, current, syncError);
      throw new UnrecoverableError(syncError.message);
    } finally {
      if (admitted) await context.limiter.release(connection.id, id);
    }
  };

  /** Where the record this one must follow (an account's parent) stands. */
  async function dependencyOf(object: PushedObjectName, record: RecordRow): Promise<Dependency> {
    const dependsOn = OBJECTS[object].dependsOn;
    const dependencyId = dependsOn ? (RECORDS[object].toNormalized(record) as Record<string, unknown>)[dependsOn.field] : undefined;
    if (!dependsOn || typeof dependencyId !== 'string') return { state: 'none' };
    const parent = await RECORDS[dependsOn.object as PushedObjectName].load(context.db, dependencyId);
    if (!parent || parent.syncStatus === 'failed') {
      return { state: 'failed', label: dependsOn.label, id: dependencyId, reason: parent?.lastError?.message ?? 'it no longer exists' };
    }
    if (parent.syncStatus !== 'synced' || !parent.remoteId) return { state: 'waiting' };
    return { state: 'pushed', remoteId: parent.remoteId };
  }

  /** The provider call, with the round's idempotency key and the job's AbortSignal. */
  async function send(
    object: PushedObjectName,
    handler: ProviderPush,
    connection: Connection,
    claimed: RecordRow,
    next: Extract<PushAction, { action: 'send' }>,
    call: { id: string; timeoutMs: number; signal: AbortSignal | undefined; log: WorkerContext['logger'] },
  ): Promise<PushResult> {
    const normalized = RECORDS[object].toNormalized(claimed);
    const mappedFields = resolveMappings(claimed.fieldMappings, connection.fieldMappings);
    return withAccessToken(context, connection, async (accessToken) => {
      const push: PushContext = {
        baseUrl: connection.baseUrl,
        tenantId: connection.tenantId,
        accessToken,
        idempotencyKey: pushIdempotencyKey(call.id, claimed.retryGeneration),
        parentRemoteId: next.parentRemoteId,
        earlierAttempt: claimed.syncAttempts > 1,
        timeoutMs: call.timeoutMs,
        mappedFields,
        ...(call.signal ? { signal: call.signal } : {}),
      };
      if (next.lookUpFirst && handler.find) {
        const found = await handler.find(normalized, push);
        if (found) {
          call.log.info({ remoteId: found.remoteId }, 'adopting the account an earlier attempt created');
          return found;
        }
      }
      return handler.create(normalized, push);
    });
  }
}
