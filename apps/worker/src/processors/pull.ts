import {
  applyPulledPage,
  beginPass,
  countPulledRecords,
  finishPass,
  loadConnection,
  loadPullState,
  type PullError,
  type PullMode,
  pullFrequencyOf,
  recordSyncCompleted,
  savePage,
  stopPull,
  unseenSince,
} from '@ledgersync/db';
import { enqueueDeliveries, type PullJob } from '@ledgersync/jobs';
import {
  ConnectionRevoked,
  CredentialsExpired,
  findDescriptor,
  findPullCapabilities,
  findPullHandler,
  type PullCapabilities,
  type PullContext,
  type PullPage,
  ProviderError,
  RateLimited,
} from '@ledgersync/providers';
import { PULLED_OBJECTS, type PulledObjectName } from '@ledgersync/unified';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { WorkerContext } from '../context.js';
import { providerErrorCode } from '../error-codes.js';
import { withAccessToken } from '../credentials.js';
import { appOf, ratePolicyFor } from '../rate-policy.js';

export type PullOutcome =
  | { outcome: 'pulled'; mode: PullMode; pages: number; added: number; updated: number; deleted: number }
  | { outcome: 'held' | 'missing' | 'unsupported' };

/** The limiter's job id of a connection's pull of an object: `pull:` marks it, so pushes go first (othersWaiting). */
export const PULL_LIMITER_PREFIX = 'pull:';

/** How long a pull waits before looking again while a push of its connection waits. */
const YIELD_MS = 50;
/** Waits longer than this give the worker slot back (the job is delayed) rather than sleep in it. */
const SLEEP_AT_MOST_MS = 5_000;
/** Without a watermark from the reader, the next incremental pull reads changes from this long before the pass began (clocks differ). */
export const WATERMARK_MARGIN_MS = 5 * 60_000;
/** A provider whose change filter does not tell deletions gets a full pass (which does) this often. */
const FULL_PASS_EVERY_MS = 24 * 3_600_000;
/** Records a full pass marks gone per statement. */
const GONE_BATCH = 500;

const isPulled = (name: string): name is PulledObjectName => (PULLED_OBJECTS as readonly string[]).includes(name);

function pullError(error: unknown): PullError {
  if (error instanceof ProviderError) {
    const code = providerErrorCode(error);
    return { code, message: error.message, ...(error.providerCode ? { provider_code: error.providerCode } : {}) };
  }
  return { code: 'internal_error', message: 'ledgersync could not pull this object; see the worker log' };
}

/** The records a pull skipped, as its status shows them (`last_error`). */
function skippedError(skipped: { remote_id: string; reason: string }[]): PullError {
  return { code: 'skipped_records', message: `${skipped.length} record(s) could not be mapped`, skipped };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * Reads one object of a connection from its provider, a page per request, and upserts each page
 * (packages/db applyPulledPage). Full: the provider's list from the stored page token; incremental:
 * its change feed since the stored watermark, or, where it has none, a full pass whose end marks
 * gone what it no longer saw. Every request takes a slot from the connection's limiter, the one
 * pushes use, and a pull yields while a push of its connection waits: a push waits behind a pull
 * for one request at most. The page token is stored after each page: after a crash, a throttle,
 * a 5xx or a timeout, the retry goes on from there (upserts by remote id: nothing is duplicated).
 * Refused credentials hold the pull (like the connection's pushes), they do not fail it.
 */
export function createPullProcessor(context: WorkerContext) {
  const readers = context.pullReaders ?? { handler: findPullHandler, capabilities: findPullCapabilities };

  return async function pull(job: Job<PullJob>, token?: string, signal?: AbortSignal): Promise<PullOutcome> {
    const { connection_id: connectionId, object } = job.data;
    if (!isPulled(object)) throw new UnrecoverableError(`no pulled object ${object}`);
    const log = context.logger.child({ jobId: job.id, object, connectionId });
    const { db } = context;
    const [connection, state] = await Promise.all([
      loadConnection(db, context.cipher, connectionId),
      loadPullState(db, connectionId, object),
    ]);
    if (!connection || !state) return { outcome: 'missing' };
    const frequencyMs = (await pullFrequencyOf(db, connectionId, object)) * 1_000;
    const nextRunAt = () => new Date(Date.now() + frequencyMs);

    if (connection.status !== 'active') {
      await stopPull(db, connectionId, object, {
        status: 'held',
        lastError: { code: 'connection_invalid', message: connection.statusReason ?? 'the connection must be reconnected' },
        nextRunAt: nextRunAt(),
      });
      return { outcome: 'held' };
    }
    const handler = readers.handler(connection.provider, object);
    const descriptor = findDescriptor(connection.provider);
    if (!handler || !descriptor) {
      await stopPull(db, connectionId, object, { status: 'idle', lastError: null, nextRunAt: nextRunAt() });
      return { outcome: 'unsupported' };
    }
    const capabilities: PullCapabilities | undefined = readers.capabilities?.(connection.provider, object);
    const dueForFull =
      capabilities?.changes === 'modified-since' && (!state.lastFullAt || Date.now() - state.lastFullAt.getTime() > FULL_PASS_EVERY_MS);
    const mode: PullMode = job.data.mode === 'full' || state.fullRequested || !state.watermark || dueForFull ? 'full' : 'incremental';
    const pass = await beginPass(db, connectionId, object, {
      mode,
      since: mode === 'incremental' ? state.watermark : null,
      startedAt: new Date(),
    });
    if (!pass?.passStartedAt) return { outcome: 'missing' };
    const startedAt = pass.passStartedAt;
    const passMode = pass.mode ?? mode;
    // A pass that reads changes, or the whole list (which then tells what is gone).
    const since = passMode === 'incremental' && handler.changes ? pass.passSince : null;
    const timeoutMs = context.settings.PROVIDER_TIMEOUT_MS ?? descriptor.requestTimeoutMs;
    const policy = ratePolicyFor(descriptor, connection, timeoutMs);
    const limiterId = `${PULL_LIMITER_PREFIX}${object}`;
    const scope = { projectId: connection.projectId, connectionId };
    const counts = { added: pass.passAdded, updated: pass.passUpdated, deleted: pass.passDeleted };
    // A resumed pass keeps what its earlier pages skipped.
    const skipped: { remote_id: string; reason: string }[] = state.passStartedAt ? [...(state.lastError?.skipped ?? [])] : [];
    let pageToken = pass.pageToken;
    let pages = 0;

    /** Waits what the limiter says, in the worker slot when short, else as a delayed job (no attempt spent). */
    const wait = async (ms: number) => {
      if (ms <= SLEEP_AT_MOST_MS) return sleep(ms, signal);
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    };

    /** One provider request: pushes of the connection first, then a limiter slot, then the page. */
    const request = async (): Promise<PullPage<unknown>> => {
      for (;;) {
        if (await context.limiter.othersWaiting(connectionId, PULL_LIMITER_PREFIX)) {
          await sleep(YIELD_MS, signal);
          continue;
        }
        const admission = await context.limiter.admit(connectionId, limiterId, policy);
        if (admission.admitted) break;
        await wait(admission.waitMs);
      }
      try {
        const page = await withAccessToken(context, connection, (accessToken) => {
          const read: PullContext = {
            baseUrl: connection.baseUrl,
            tenantId: connection.tenantId,
            accessToken,
            timeoutMs,
            ...(signal ? { signal } : {}),
          };
          return since !== null && handler.changes ? handler.changes(read, since, pageToken) : handler.list(read, pageToken);
        });
        if (page.quotaPauseMs) await context.limiter.quotaSpent(connectionId, limiterId, page.quotaPauseMs);
        if (page.appQuotaPauseMs)
          await context.limiter.holdApp(appOf(connection), context.settings.THROTTLE_WAIT_MS ?? page.appQuotaPauseMs);
        return page as PullPage<unknown>;
      } finally {
        await context.limiter.release(connectionId, limiterId);
      }
    };

    try {
      let last: PullPage<unknown>;
      for (;;) {
        last = await request();
        pages++;
        const applied = await applyPulledPage(db, object, scope, {
          records: last.records as never,
          deletedRemoteIds: last.deletedRemoteIds ?? [],
        });
        counts.added += applied.added;
        counts.updated += applied.updated;
        counts.deleted += applied.deleted;
        for (const { remoteId, reason } of last.skipped) skipped.push({ remote_id: remoteId, reason });
        await enqueue(context, applied.deliveryIds);
        if (last.next === null) break;
        // The page is stored: a retry reads on from the next one.
        await savePage(db, connectionId, object, {
          pageToken: last.next,
          added: applied.added,
          updated: applied.updated,
          deleted: applied.deleted,
          lastError: skipped.length > 0 ? skippedError(skipped) : null,
        });
        pageToken = last.next;
      }
      if (since === null) counts.deleted += await markUnseenGone(context, object, scope, startedAt);

      const now = new Date();
      const full = since === null;
      const changed = counts.added + counts.updated + counts.deleted > 0;
      if (changed || (full && !state.lastFullAt)) {
        const deliveryIds = await recordSyncCompleted(
          db,
          connection.projectId,
          `${connectionId}:${object}:sync:${startedAt.toISOString()}`,
          {
            connection_id: connectionId,
            object,
            mode: full ? 'full' : 'incremental',
            ...counts,
            duration_ms: now.getTime() - startedAt.getTime(),
          },
        );
        await enqueue(context, deliveryIds);
      }
      await finishPass(db, connectionId, object, {
        watermark: last.watermark ?? new Date(startedAt.getTime() - WATERMARK_MARGIN_MS).toISOString(),
        nextRunAt: new Date(now.getTime() + frequencyMs),
        records: await countPulledRecords(db, object, connectionId),
        full,
        lastError: skipped.length > 0 ? skippedError(skipped) : null,
        now,
      });
      log.info({ mode: full ? 'full' : 'incremental', pages, ...counts }, 'pull finished');
      return { outcome: 'pulled', mode: full ? 'full' : 'incremental', pages, ...counts };
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (error instanceof ConnectionRevoked || error instanceof CredentialsExpired) {
        log.warn({ err: error }, 'credentials refused; the pull is held with the connection');
        await stopPull(db, connectionId, object, { status: 'held', lastError: pullError(error), nextRunAt: nextRunAt() });
        return { outcome: 'held' };
      }
      if (error instanceof RateLimited) {
        const waitMs = error.documentedWait ? (context.settings.THROTTLE_WAIT_MS ?? error.retryAfterMs) : error.retryAfterMs;
        if (error.scope === 'app') await context.limiter.holdApp(appOf(connection), waitMs);
        else await context.limiter.pushBack(connectionId, waitMs);
      }
      const transient = error instanceof ProviderError ? error.transient : !(error instanceof UnrecoverableError);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const lastError = { ...pullError(error), ...(skipped.length > 0 ? { skipped } : {}) };
      if (transient && !lastAttempt) {
        // Still running: the retry resumes from the stored page token.
        await stopPull(db, connectionId, object, { status: 'running', lastError, nextRunAt: pass.nextRunAt ?? nextRunAt() }).catch(
          () => {},
        );
        log.warn({ err: error, attempt: job.attemptsMade + 1, pages }, 'pull interrupted; will resume from its page token');
        throw error;
      }
      log.warn({ err: error }, 'pull failed');
      await stopPull(db, connectionId, object, { status: 'failed', lastError, nextRunAt: nextRunAt() });
      throw new UnrecoverableError(lastError.message ?? 'pull failed');
    }
  };
}

/** What a full pass did not see is gone at the provider (its list is the only way to tell): kept, with `remote_deleted_at`. */
async function markUnseenGone(
  context: WorkerContext,
  object: PulledObjectName,
  scope: { projectId: string; connectionId: string },
  startedAt: Date,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const unseen = await unseenSince(context.db, object, scope.connectionId, startedAt, GONE_BATCH);
    if (unseen.length === 0) return deleted;
    const applied = await applyPulledPage(context.db, object, scope, { records: [], deletedRemoteIds: unseen.map((row) => row.remoteId) });
    deleted += applied.deleted;
    await enqueue(context, applied.deliveryIds);
    if (unseen.length < GONE_BATCH) return deleted;
  }
}

async function enqueue(context: WorkerContext, deliveryIds: string[]): Promise<void> {
  try {
    await enqueueDeliveries(context.queues, deliveryIds);
  } catch (error) {
    context.logger.warn({ err: error, deliveryIds }, 'could not enqueue webhook deliveries; the sweeper will');
  }
}
