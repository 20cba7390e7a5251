import { invalidParameter } from './answers.js';

/** The most rows Zoho serves on one page of a list, and its default. */
export const MAX_PER_PAGE = 200;

function positiveInteger(query: Record<string, string>, name: string, fallback: number): number {
  const text = query[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalidParameter(name);
  return Number(text);
}

/** One page of `rows` as Zoho lists page (`page`, `per_page` up to 200), with its `page_context`. */
export function zohoPage<T>(rows: readonly T[], query: Record<string, string>): { rows: T[]; page_context: Record<string, unknown> } {
  const page = positiveInteger(query, 'page', 1);
  const perPage = Math.min(positiveInteger(query, 'per_page', MAX_PER_PAGE), MAX_PER_PAGE);
  const start = (page - 1) * perPage;
  return {
    rows: rows.slice(start, start + perPage),
    page_context: { page, per_page: perPage, has_more_page: start + perPage < rows.length },
  };
}
