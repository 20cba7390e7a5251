import type { SageAnswer } from './answers.js';
import { diagnosis, recordInvalid } from './answers.js';

/** Sage's list envelope. */
export interface SagePage<T> {
  $total: number;
  $page: number;
  /** The next page's path (relative to the API version, like `$path`), null on the last page. */
  $next: string | null;
  $back: string | null;
  $itemsPerPage: number;
  $items: T[];
}

const DEFAULT_ITEMS_PER_PAGE = 20;
/** "The maximum value for items_per_page is 200" (Sage's pagination guide). */
export const ITEMS_PER_PAGE_LIMIT = 200;

/** The page a list request asks for: `page` from 1, `items_per_page` (20 by default). */
export interface PageRequest {
  page: number;
  perPage: number;
}

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed >= 1 ? parsed : undefined;
}

/**
 * Reads `page` and `items_per_page`. More than Sage's maximum of 200 is refused with a 422 naming
 * the parameter (what Sage answers is silent; refusing is the stricter side). `cap`, a test
 * setting, serves smaller pages than asked without refusing, so tests page through a few records.
 */
export function pageRequest(query: Record<string, string>, cap: number): PageRequest | SageAnswer {
  const asked = positiveInteger(query.items_per_page) ?? DEFAULT_ITEMS_PER_PAGE;
  if (asked > ITEMS_PER_PAGE_LIMIT) {
    return recordInvalid([diagnosis('RecordInvalid', `must be less than or equal to ${ITEMS_PER_PAGE_LIMIT}`, 'items_per_page')]);
  }
  return { page: positiveInteger(query.page) ?? 1, perPage: Math.min(asked, cap) };
}

export function isAnswer(value: PageRequest | SageAnswer): value is SageAnswer {
  return 'status' in value;
}

/**
 * Sage's envelope around one page: `$next`/`$back` keep the rest of the query. `answered` is the
 * page served, which is the last one when more were asked ("If the value for page is greater
 * than the actual number of pages, the last page will be returned automatically").
 */
export function envelope<T>(
  collection: string,
  query: Record<string, string>,
  request: PageRequest,
  total: number,
  answered: number,
  items: T[],
): SagePage<T> {
  const pathTo = (target: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(target));
    return `/${collection}?${params.toString()}`;
  };
  return {
    $total: total,
    $page: answered,
    $next: answered * request.perPage < total ? pathTo(answered + 1) : null,
    $back: answered > 1 ? pathTo(answered - 1) : null,
    $itemsPerPage: request.perPage,
    $items: items,
  };
}

/** The page of `items` a request asks for, as Sage pages its collections. */
export function paginate<T>(items: readonly T[], collection: string, query: Record<string, string>, cap: number): SageAnswer {
  const request = pageRequest(query, cap);
  if (isAnswer(request)) return request;
  const lastPage = Math.max(1, Math.ceil(items.length / request.perPage));
  const answered = Math.min(request.page, lastPage);
  const start = (answered - 1) * request.perPage;
  return {
    status: 200,
    json: envelope(collection, query, request, items.length, answered, items.slice(start, start + request.perPage)),
  };
}
