import type { z } from 'zod';
import { accountInputSchema } from './account.js';
import type { Direction } from './sync.js';

/**
 * What the pipeline knows about an object, as data: the intake, the push processor, the outcome
 * and the events read it here rather than naming the object. Adding an object adds an entry.
 */
export interface ObjectDefinition {
  /** The registry key, singular (`account`): what jobs and events name. */
  name: string;
  /** Panora's path segment: `/accounting/<path>`. */
  path: string;
  /** Its events' type prefix: `<prefix>.created`, `<prefix>.failed`. */
  eventPrefix: string;
  /** The body a client sends to create one (Panora's `Unified...Input`); an object ledgersync only pulls has none. */
  inputSchema?: z.ZodType;
  /** The directions ledgersync moves it in. */
  directions: readonly Direction[];
  /**
   * A record of the same connection this one must follow to the provider (an account's parent):
   * the input field naming it, and that record's object. A push waits until it is pushed, and
   * fails when it failed.
   */
  dependsOn?: { field: string; object: string; label: string };
}

export const OBJECTS = {
  account: {
    name: 'account',
    path: 'accounts',
    eventPrefix: 'accounting.account',
    inputSchema: accountInputSchema,
    directions: ['push'],
    dependsOn: { field: 'parent_account', object: 'account', label: 'parent account' },
  },
} as const satisfies Record<string, ObjectDefinition>;

export type ObjectName = keyof typeof OBJECTS;
export const OBJECT_NAMES = Object.keys(OBJECTS) as ObjectName[];

export function objectDefinition(name: ObjectName): ObjectDefinition {
  return OBJECTS[name];
}

/** What happens to a record that an event tells: pushed (`created`) or failed for good. */
export const RECORD_EVENTS = ['created', 'failed'] as const;
export type RecordEvent = (typeof RECORD_EVENTS)[number];

/** The event type of an object's outcome: `accounting.account.created`, ... */
export type ObjectEventType = `${(typeof OBJECTS)[ObjectName]['eventPrefix']}.${RecordEvent}`;

export function objectEventType(name: ObjectName, event: RecordEvent): ObjectEventType {
  return `${OBJECTS[name].eventPrefix}.${event}` as ObjectEventType;
}
