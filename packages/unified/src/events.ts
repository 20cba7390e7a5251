/** Event types a webhook endpoint can subscribe to (its `scope`). */
export const EVENT_TYPES = ['accounting.account.created', 'accounting.account.failed', 'connection.invalid'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The JSON body of every webhook ledgersync sends. */
export interface WebhookPayload<T = unknown> {
  /** Same as the `webhook-id` header: stable across retries, so consumers can deduplicate. */
  id: string;
  type: EventType;
  /** When the event happened (RFC 3339). */
  timestamp: string;
  data: T;
}
