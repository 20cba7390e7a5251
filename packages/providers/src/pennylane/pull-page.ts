import { UnexpectedResponse } from '../errors.js';
import type { PullContext } from '../types.js';
import { classifyPennylaneFailure, quotaPauseMs, sendPennylane } from './client.js';

/** The most items Pennylane's cursor lists give in one page (`limit`, 1 to 100; 20 by default). */
export const PENNYLANE_PAGE_LIMIT = 100;

/**
 * One page of a Pennylane cursor list (`items`, `has_more`, `next_cursor`). `scopes`: what the
 * list needs of the token, named when Pennylane refuses it (403: the connection is at fault).
 */
export async function pennylaneListPage(
  context: PullContext,
  path: string,
  scopes: readonly string[],
  cursor: string | null,
): Promise<{ items: unknown[]; next: string | null; quotaPauseMs?: number }> {
  const query: Record<string, string> = { limit: String(PENNYLANE_PAGE_LIMIT), ...(cursor ? { cursor } : {}) };
  const response = await sendPennylane(context, { method: 'GET', path, query });
  const now = Date.now();
  if (response.status !== 200) throw classifyPennylaneFailure(response, scopes, now);
  const body = response.body as { items?: unknown; has_more?: unknown; next_cursor?: unknown } | null;
  if (!body || !Array.isArray(body.items)) {
    throw new UnexpectedResponse('pennylane', `Pennylane listed ${path} without items`, { status: response.status });
  }
  const next = body.has_more === true && typeof body.next_cursor === 'string' && body.next_cursor !== '' ? body.next_cursor : null;
  const pause = quotaPauseMs(response.headers, now);
  return { items: body.items, next, ...(pause !== undefined ? { quotaPauseMs: pause } : {}) };
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Pennylane's integer id as the remote id; undefined when the item has none. */
export function idOf(item: Record<string, unknown>): string | undefined {
  return Number.isSafeInteger(item.id) ? String(item.id) : undefined;
}
