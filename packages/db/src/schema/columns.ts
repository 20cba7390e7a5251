import { parseJsonExact, stringifyJsonExact } from '@ledgersync/unified';
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/** UUIDv7 primary keys: time-ordered, so keyset pages and index inserts follow creation order. */
export const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());

/** Millisecond precision, the same as a JS Date, so a value read back compares equal. */
export const at = () => timestamp({ withTimezone: true, precision: 3, mode: 'date' });
export const createdAt = () => at().notNull().defaultNow();

/**
 * jsonb whose numbers keep their digits both ways (exact-json.ts): a balance of 99999999999999.99
 * in a webhook's payload, a replayed answer or a provider's raw data stays that, not the nearest
 * double. The drivers are set to parse jsonb exactly (client.ts); this writes it exactly.
 */
export const exactJsonb = customType<{ data: unknown; driverData: string }>({
  dataType: () => 'jsonb',
  toDriver: (value) => stringifyJsonExact(value),
  fromDriver: (value) => (typeof value === 'string' ? parseJsonExact(value) : value),
});
