import { OBJECT_NAMES, type ObjectEventType, objectEventTypes } from './objects/index.js';

/**
 * Event types a webhook endpoint can subscribe to (its `scope`): each object's outcomes, from the
 * registry, then the connection's.
 */
const objectEvents = OBJECT_NAMES.flatMap(objectEventTypes);
// A non-empty tuple, as z.enum wants; the registry always holds at least one object.
export const EVENT_TYPES = [...objectEvents, 'connection.invalid', 'sync.completed'] as EventType[] as [EventType, ...EventType[]];
/** `sync.completed`: a pull of a connection's object ended, having changed something (or being its first full one). */
export type EventType = ObjectEventType | 'connection.invalid' | 'sync.completed';

/** The JSON body of every webhook ledgersync sends. */
export interface WebhookPayload<T = unknown> {
  /** Same as the `webhook-id` header: stable across retries, so consumers can deduplicate. */
  id: string;
  type: EventType;
  /** When the event happened (RFC 3339). */
  timestamp: string;
  data: T;
}
