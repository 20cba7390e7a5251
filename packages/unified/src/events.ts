import { OBJECT_NAMES, type ObjectEventType, objectEventType, RECORD_EVENTS } from './objects/index.js';

/**
 * Event types a webhook endpoint can subscribe to (its `scope`): each object's outcomes, from the
 * registry, then the connection's.
 */
const objectEvents = OBJECT_NAMES.flatMap((name) => RECORD_EVENTS.map((event) => objectEventType(name, event)));
// A non-empty tuple, as z.enum wants; the registry always holds at least one object.
export const EVENT_TYPES = [...objectEvents, 'connection.invalid'] as EventType[] as [EventType, ...EventType[]];
export type EventType = ObjectEventType | 'connection.invalid';

/** The JSON body of every webhook ledgersync sends. */
export interface WebhookPayload<T = unknown> {
  /** Same as the `webhook-id` header: stable across retries, so consumers can deduplicate. */
  id: string;
  type: EventType;
  /** When the event happened (RFC 3339). */
  timestamp: string;
  data: T;
}
