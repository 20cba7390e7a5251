import { UnexpectedResponse } from '../errors.js';
import type { PullContext } from '../types.js';
import { PROVIDER, readZohoEnvelope, record, sendZoho } from './client.js';

/** Zoho's page size for its lists: `per_page` takes at most 200 (List chart of accounts). */
export const ZOHO_PER_PAGE = 200;

/** The page number a token names (null: the first); a token this reader did not write is a bug. */
export function pageNumber(page: string | null): number {
  if (page === null) return 1;
  const number = Number(page);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`not a Zoho Books page token: ${page}`);
  return number;
}

/** One page of a Zoho list: its rows under `key`, and the next page's token when `page_context.has_more_page`. */
export async function zohoListPage(
  context: PullContext,
  path: string,
  key: string,
  page: string | null,
  query: Record<string, string> = {},
): Promise<{ rows: unknown[]; next: string | null; body: Record<string, unknown> }> {
  const number = pageNumber(page);
  const body = readZohoEnvelope(
    await sendZoho(context, { method: 'GET', path, query: { ...query, page: String(number), per_page: String(ZOHO_PER_PAGE) } }),
  );
  const rows = body[key];
  if (!Array.isArray(rows)) throw new UnexpectedResponse(PROVIDER, `Zoho Books listed ${path} without ${key}`);
  // A list without page_context (one the docs do not page) is whole in one answer.
  const more = record(body.page_context)?.has_more_page === true;
  return { rows, next: more ? String(number + 1) : null, body };
}
