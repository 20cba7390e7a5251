import { failure, PennylaneError } from './answers.js';
import { MESSAGES } from './messages.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Cursors are opaque to clients; here, the last id of the previous page. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ id: lastId }), 'utf8').toString('base64url');
}

/** The id after which the page starts; a cursor this fake did not make is a 400. */
export function decodeCursor(cursor: string): number {
  try {
    const { id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  } catch {
    // Falls through to the 400.
  }
  throw new PennylaneError(failure(400, MESSAGES.invalidCursor));
}

/** The `limit` query parameter: an integer from 1 to 100, 20 when absent. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new PennylaneError(failure(400, MESSAGES.invalidLimit(MAX_LIMIT)));
  return limit;
}
