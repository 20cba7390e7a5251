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
    directions: ['push', 'pull'],
    dependsOn: { field: 'parent_account', object: 'account', label: 'parent account' },
  },
  companyinfo: { name: 'companyinfo', path: 'companyinfos', eventPrefix: 'accounting.companyinfo', directions: ['pull'] },
  taxrate: { name: 'taxrate', path: 'taxrates', eventPrefix: 'accounting.taxrate', directions: ['pull'] },
  trackingcategory: {
    name: 'trackingcategory',
    path: 'trackingcategories',
    eventPrefix: 'accounting.trackingcategory',
    directions: ['pull'],
  },
} as const satisfies Record<string, ObjectDefinition>;

export type ObjectName = keyof typeof OBJECTS;
export const OBJECT_NAMES = Object.keys(OBJECTS) as ObjectName[];

/** The objects ledgersync pushes (`push` among their directions): what the intake, the push processor and the sweeper take. */
export type PushedObjectName = {
  [O in ObjectName]: 'push' extends (typeof OBJECTS)[O]['directions'][number] ? O : never;
}[ObjectName];
export const PUSHED_OBJECT_NAMES = OBJECT_NAMES.filter((name): name is PushedObjectName =>
  (OBJECTS[name].directions as readonly Direction[]).includes('push'),
);
export const isPushedObject = (name: string): name is PushedObjectName => (PUSHED_OBJECT_NAMES as string[]).includes(name);

export function objectDefinition(name: ObjectName): ObjectDefinition {
  return OBJECTS[name];
}

/** What happens to a pushed record that an event tells: pushed (`created`) or failed for good. */
export const RECORD_EVENTS = ['created', 'failed'] as const;
export type RecordEvent = (typeof RECORD_EVENTS)[number];

/**
 * What a pull found at the provider: a record `added` there (not created through ledgersync),
 * `updated`, or `deleted` (deleted or archived: the row is kept, with `remote_deleted_at`).
 */
export const PULL_EVENTS = ['added', 'updated', 'deleted'] as const;
export type PullEvent = (typeof PULL_EVENTS)[number];

/** The event type of an object's outcome: `accounting.account.created`, `accounting.taxrate.added`, ... */
export type ObjectEventType = `${(typeof OBJECTS)[ObjectName]['eventPrefix']}.${RecordEvent | PullEvent}`;

export function objectEventType(name: ObjectName, event: RecordEvent | PullEvent): ObjectEventType {
  return `${OBJECTS[name].eventPrefix}.${event}` as ObjectEventType;
}

/** Every event type of an object, from its directions: a push's outcomes, then a pull's findings. */
export function objectEventTypes(name: ObjectName): ObjectEventType[] {
  const directions = OBJECTS[name].directions as readonly Direction[];
  return [
    ...(directions.includes('push') ? RECORD_EVENTS.map((event) => objectEventType(name, event)) : []),
    ...(directions.includes('pull') ? PULL_EVENTS.map((event) => objectEventType(name, event)) : []),
  ];
}
