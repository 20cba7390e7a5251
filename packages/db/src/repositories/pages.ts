import { type Cursor, encodeCursor, type Page } from '@ledgersync/unified';
import { asc, desc, gt, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * One keyset page over a UUIDv7 id column (creation order), either way from a cursor. `query`
 * runs the scoped select with the extra condition, order and limit it is given.
 */
export async function keysetPage<T extends { id: string }>(
  id: PgColumn,
  page: { cursor: Cursor | null; limit: number },
  query: (edge: SQL | undefined, order: SQL, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  const { cursor, limit } = page;
  if (cursor?.direction === 'prev') {
    const before = await query(lt(id, cursor.id), desc(id), limit + 1);
    const rows = before.slice(0, limit).reverse();
    const first = rows[0];
    const last = rows.at(-1);
    return {
      data: rows,
      prev_cursor: before.length > limit && first ? encodeCursor({ id: first.id, direction: 'prev' }) : null,
      next_cursor: last ? encodeCursor({ id: last.id, direction: 'next' }) : null,
    };
  }
  const after = await query(cursor ? gt(id, cursor.id) : undefined, asc(id), limit + 1);
  const rows = after.slice(0, limit);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    data: rows,
    prev_cursor: cursor && first ? encodeCursor({ id: first.id, direction: 'prev' }) : null,
    next_cursor: after.length > limit && last ? encodeCursor({ id: last.id, direction: 'next' }) : null,
  };
}
