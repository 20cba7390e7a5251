import { describe, expect, it } from 'vitest';
import { decidePush, type PushFacts } from './decide.js';

// One case per branch of the push decision; no Postgres, no Redis.
const ready: PushFacts = {
  record: { status: 'pending' },
  dependency: { state: 'none' },
  connectionActive: true,
  provider: 'quickbooks',
  handler: { canFind: true },
  dependencyWaitMs: 100,
};
const error = { code: 'provider_unavailable', message: 'quickbooks answered 503' };

describe('the push decision', () => {
  it('skips a record that no longer exists', () => {
    expect(decidePush({ ...ready, record: undefined })).toEqual({ action: 'skip', reason: 'missing' });
  });

  it('skips a finished record (synced or failed)', () => {
    expect(decidePush({ ...ready, record: { status: 'synced' } })).toEqual({ action: 'skip', reason: 'finished', status: 'synced' });
    expect(decidePush({ ...ready, record: { status: 'failed' } })).toEqual({ action: 'skip', reason: 'finished', status: 'failed' });
  });

  it('waits, spending no attempt, while the parent is not pushed', () => {
    expect(decidePush({ ...ready, dependency: { state: 'waiting' } })).toEqual({ action: 'wait', reason: 'dependency', delayMs: 100 });
  });

  it('fails when the parent failed', () => {
    const decided = decidePush({ ...ready, dependency: { state: 'failed', label: 'parent account', id: 'p1', reason: 'Duplicate Name' } });
    expect(decided).toEqual({
      action: 'fail',
      error: { code: 'parent_failed', message: 'parent account p1 could not be pushed: Duplicate Name' },
    });
  });

  it('fails when the connection is not active', () => {
    expect(decidePush({ ...ready, connectionActive: false })).toMatchObject({ action: 'fail', error: { code: 'connection_invalid' } });
  });

  it('fails when the provider has no handler for the object', () => {
    expect(decidePush({ ...ready, handler: undefined })).toEqual({
      action: 'fail',
      error: { code: 'unsupported_provider', message: 'no adapter for quickbooks' },
    });
  });

  it('asks the limiter, then waits for its turn when there is no slot', () => {
    expect(decidePush(ready)).toEqual({ action: 'admit' });
    expect(decidePush({ ...ready, admission: { admitted: false, waitMs: 250, reason: 'rate' } })).toEqual({
      action: 'wait',
      reason: 'limiter',
      delayMs: 250,
      limiterReason: 'rate',
    });
  });

  it('claims once admitted, and skips when another run finished the record first', () => {
    expect(decidePush({ ...ready, admission: { admitted: true } })).toEqual({ action: 'claim' });
    expect(decidePush({ ...ready, admission: { admitted: true }, claimed: null })).toMatchObject({ action: 'skip', reason: 'finished' });
  });

  it('sends a first attempt without a lookup, with the parent remote id', () => {
    const facts: PushFacts = {
      ...ready,
      dependency: { state: 'pushed', remoteId: '41' },
      admission: { admitted: true },
      claimed: { attempts: 1 },
    };
    expect(decidePush(facts)).toEqual({ action: 'send', lookUpFirst: false, parentRemoteId: '41' });
  });

  it('looks the record up first on a re-send (an earlier answer may have been lost), where the provider can', () => {
    const facts: PushFacts = { ...ready, admission: { admitted: true }, claimed: { attempts: 2 } };
    expect(decidePush(facts)).toEqual({ action: 'send', lookUpFirst: true, parentRemoteId: null });
    expect(decidePush({ ...facts, handler: { canFind: false } })).toMatchObject({ action: 'send', lookUpFirst: false });
  });

  it("looks the record up first on a retry round's first attempt: a retry keeps the attempts, so its first claim counts as a re-send", () => {
    // A round that failed for good at its first attempt (a permanent 4xx), then POST .../retry:
    // resetFailedAccount starts a new round (retry_generation + 1, a new idempotency key) and
    // leaves sync_attempts as it was, so the round's first claim makes it 2. The new key cannot
    // recognise what an earlier round may have created: only the lookup can.
    const retryRound: PushFacts = { ...ready, admission: { admitted: true }, claimed: { attempts: 2 } };
    expect(decidePush(retryRound)).toEqual({ action: 'send', lookUpFirst: true, parentRemoteId: null });
    // After a round that used all its attempts, the same.
    expect(decidePush({ ...retryRound, claimed: { attempts: 9 } })).toMatchObject({ action: 'send', lookUpFirst: true });
  });

  it('retries a transient failure with attempts left', () => {
    expect(decidePush({ ...ready, failure: { error, transient: true, attemptsMade: 0, maxAttempts: 8 } })).toEqual({
      action: 'retry',
      error,
    });
  });

  it('fails a permanent failure at once', () => {
    expect(decidePush({ ...ready, failure: { error, transient: false, attemptsMade: 0, maxAttempts: 8 } })).toEqual({
      action: 'fail',
      error,
    });
  });

  it('fails a transient failure on the last attempt', () => {
    expect(decidePush({ ...ready, failure: { error, transient: true, attemptsMade: 7, maxAttempts: 8 } })).toEqual({
      action: 'fail',
      error,
    });
  });
});
