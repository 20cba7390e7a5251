import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/** UUIDv7 primary keys: time-ordered, so keyset pages and index inserts follow creation order. */
export const id = () =>
  uuid()
    .primaryKey()
    .$defaultFn(() => uuidv7());

/** Millisecond precision, the same as a JS Date, so a value read back compares equal. */
export const at = () => timestamp({ withTimezone: true, precision: 3, mode: 'date' });
export const createdAt = () => at().notNull().defaultNow();
