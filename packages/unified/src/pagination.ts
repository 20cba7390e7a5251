import { z } from 'zod';

/**
 * Opaque cursors for Panora-style pages (`next_cursor` / `prev_cursor`). A cursor holds the id of
 * the row at the page's edge and the direction to read in; ids are UUIDv7, so they sort by
 * creation and a page is an index range scan however deep it is.
 */
export interface Cursor {
  id: string;
  direction: 'next' | 'prev';
}

const cursorShape = z.object({ v: z.literal(1), id: z.uuid(), d: z.enum(['n', 'p']) });

export function encodeCursor(cursor: Cursor): string {
  const body = { v: 1, id: cursor.id, d: cursor.direction === 'next' ? 'n' : 'p' };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The cursor a client sent back, or null when it is not one ledgersync issued. */
export function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    return { id: parsed.data.id, direction: parsed.data.d === 'n' ? 'next' : 'prev' };
  } catch {
    return null;
  }
}

export interface Page<T> {
  prev_cursor: string | null;
  next_cursor: string | null;
  data: T[];
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
