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

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed >= 1 ? parsed : undefined;
}

/**
 * One page of `items` the way Sage pages its collections: `page` (from 1) and `items_per_page`
 * (20 by default, at most `maxItemsPerPage`), with `$next`/`$back` keeping the rest of the query.
 */
export function paginate<T>(items: readonly T[], collection: string, query: Record<string, string>, maxItemsPerPage: number): SagePage<T> {
  const perPage = Math.min(positiveInteger(query.items_per_page) ?? DEFAULT_ITEMS_PER_PAGE, maxItemsPerPage);
  const page = positiveInteger(query.page) ?? 1;
  const start = (page - 1) * perPage;
  const pathTo = (target: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(target));
    return `/${collection}?${params.toString()}`;
  };
  return {
    $total: items.length,
    $page: page,
    $next: start + perPage < items.length ? pathTo(page + 1) : null,
    $back: page > 1 ? pathTo(page - 1) : null,
    $itemsPerPage: perPage,
    $items: items.slice(start, start + perPage),
  };
}
