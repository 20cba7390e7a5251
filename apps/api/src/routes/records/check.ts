import type { ConnectionRef, RecordStanding } from '@ledgersync/db';
import type { RecordScope } from '@ledgersync/db';
import { ApiError } from '../../errors.js';
import { descriptorOf } from '../../provider.js';
import type { PushRoutes, RecordCheck, RecordIssue, RecordRoutes } from './entry.js';

/** Finds a referenced record's standing in the caller's scope (batched: see lookups.ts). */
export type StandingLookup = (scope: RecordScope, id: string) => Promise<RecordStanding | undefined>;

/** The record an object's `dependsOn` names, as the intake checks it. */
export interface Reference {
  field: string;
  /** The referenced record in messages: `parent account`. */
  label: string;
  /** The referenced object's noun: `account`. */
  noun: string;
  standing: StandingLookup;
}

/**
 * Checks an input before it is stored: the connection must be usable, its provider must take the
 * input (the object's own check), and a record it references must exist on the connection and not
 * have failed (it would wait for a parent that never arrives). Every problem is one 422.
 */
export async function checkRecord<Normalized, Warning>(
  entry: Pick<RecordRoutes, 'definition' | 'noun'>,
  push: Pick<PushRoutes<never, unknown, Normalized, Warning>, 'check'>,
  reference: Reference | undefined,
  connection: ConnectionRef,
  input: unknown,
): Promise<RecordCheck<Normalized, Warning>> {
  if (connection.status !== 'active') {
    throw new ApiError(422, 'connection_invalid', `this connection must be re-authorised before ${entry.noun.many} can be pushed to it`);
  }
  const descriptor = descriptorOf(connection);
  const checked = push.check(connection, input);
  const issues: RecordIssue[] = [...checked.issues];
  const referenced = reference ? (input as Record<string, unknown>)[reference.field] : undefined;
  if (reference && typeof referenced === 'string' && referenced) {
    const standing = await reference.standing({ projectId: connection.projectId, connectionId: connection.id }, referenced);
    if (!standing) {
      issues.push({ field: reference.field, code: 'invalid', message: `no ${reference.noun} ${referenced} on this connection` });
    } else if (standing.syncStatus === 'failed') {
      issues.push({ field: reference.field, code: 'invalid', message: `the ${reference.label} failed to push; retry it first` });
    }
  }
  if (issues.length > 0) {
    throw new ApiError(
      422,
      `unprocessable_${entry.definition.name}`,
      `${descriptor.displayName} cannot take this ${entry.noun.one}: ${issues.map((issue) => issue.field).join(', ')}`,
      issues.map(({ field, code, message, accepted }) => ({ field, code, message, ...(accepted ? { accepted } : {}) })),
    );
  }
  return checked;
}
