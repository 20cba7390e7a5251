import type { SyncError, SyncStatus } from '@ledgersync/unified';

/**
 * The push decision, as a pure function of what the processor has loaded so far: the processor
 * loads, asks, applies the answer, and asks again with what it learned (the limiter's answer, the
 * claim, the provider's failure). Nothing here reads Postgres, Redis or the clock.
 */

/** Where the record this one depends on (an account's parent) stands. */
export type Dependency =
  | { state: 'none' }
  | { state: 'pushed'; remoteId: string }
  | { state: 'waiting' }
  | { state: 'failed'; label: string; id: string; reason: string };

export interface PushFacts {
  /** The record as loaded; undefined when it no longer exists. */
  record: { status: SyncStatus } | undefined;
  dependency: Dependency;
  connectionActive: boolean;
  provider: string;
  /** The provider's handler for the object, if it has one; `canFind`: it can look a record up. */
  handler: { canFind: boolean } | undefined;
  /** How long to wait for a dependency before looking again. */
  dependencyWaitMs: number;
  /** The limiter's answer, once asked. */
  admission?: { admitted: true } | { admitted: false; waitMs: number; reason: string };
  /** The claimed record's attempts (this one included), once claimed; null when another run finished it. */
  claimed?: { attempts: number } | null;
  /** What went wrong, once something did. */
  failure?: { error: SyncError; transient: boolean; attemptsMade: number; maxAttempts: number };
}

export type PushAction =
  | { action: 'skip'; reason: 'missing' | 'finished'; status?: string }
  /** Wait without spending an attempt (the job is delayed, not failed). */
  | { action: 'wait'; reason: 'dependency' | 'limiter'; delayMs: number; limiterReason?: string }
  | { action: 'fail'; error: SyncError }
  | { action: 'admit' }
  | { action: 'claim' }
  /** Call the provider; `lookUpFirst`: an earlier attempt's answer may have been lost. */
  | { action: 'send'; lookUpFirst: boolean; parentRemoteId: string | null }
  | { action: 'retry'; error: SyncError };

export function decidePush(facts: PushFacts): PushAction {
  if (facts.failure) {
    const { error, transient, attemptsMade, maxAttempts } = facts.failure;
    const lastAttempt = attemptsMade + 1 >= maxAttempts;
    return transient && !lastAttempt ? { action: 'retry', error } : { action: 'fail', error };
  }
  if (!facts.record) return { action: 'skip', reason: 'missing' };
  if (facts.record.status === 'synced' || facts.record.status === 'failed')
    return { action: 'skip', reason: 'finished', status: facts.record.status };

  const { dependency } = facts;
  if (dependency.state === 'failed') {
    return {
      action: 'fail',
      error: { code: 'parent_failed', message: `${dependency.label} ${dependency.id} could not be pushed: ${dependency.reason}` },
    };
  }
  if (dependency.state === 'waiting') return { action: 'wait', reason: 'dependency', delayMs: facts.dependencyWaitMs };
  if (!facts.connectionActive) {
    return { action: 'fail', error: { code: 'connection_invalid', message: 'the connection is invalid: the customer must reconnect' } };
  }
  if (!facts.handler) return { action: 'fail', error: { code: 'unsupported_provider', message: `no adapter for ${facts.provider}` } };

  if (!facts.admission) return { action: 'admit' };
  if (!facts.admission.admitted) {
    return { action: 'wait', reason: 'limiter', delayMs: facts.admission.waitMs, limiterReason: facts.admission.reason };
  }
  if (facts.claimed === undefined) return { action: 'claim' };
  if (facts.claimed === null) return { action: 'skip', reason: 'finished', status: 'finished elsewhere' };
  return {
    action: 'send',
    // A re-sent create may follow one whose answer was lost (a timeout, a shutdown): where the
    // provider can look the record up, adopt what the earlier attempt created.
    lookUpFirst: facts.claimed.attempts > 1 && facts.handler.canFind,
    parentRemoteId: dependency.state === 'pushed' ? dependency.remoteId : null,
  };
}
