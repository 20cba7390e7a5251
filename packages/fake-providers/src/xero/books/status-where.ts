import { queryParseException, XeroError } from '../answers.js';

/**
 * The `where` the fake serves on TaxRates and TrackingCategories: `Status=="ACTIVE"` (the OpenAPI
 * document's example for both), with `==` or `!=`. Xero takes any Dynamic LINQ expression there;
 * the fake refuses what it does not serve with a QueryParseException in its own words, rather than
 * answer a filter it did not apply.
 */
export function statusWhere(text: string, type: string): (record: { Status: string }) => boolean {
  const match = /^\s*Status\s*(==|!=)\s*"([A-Z]+)"\s*$/i.exec(text);
  if (!match) throw new XeroError(queryParseException(`This fake filters ${type} by Status only (Status=="ACTIVE"), not: ${text}`));
  const [, op, value] = match;
  return (record) => (record.Status === value) === (op === '==');
}

/** `order` on these lists: by Name, ascending unless DESC (what the OpenAPI example orders by). */
export function nameOrder(text: string, type: string): (a: { Name: string }, b: { Name: string }) => number {
  const match = /^\s*Name(?:\s+(ASC|DESC))?\s*$/i.exec(text);
  if (!match) throw new XeroError(queryParseException(`This fake orders ${type} by Name only, not: ${text}`));
  const sign = match[1]?.toUpperCase() === 'DESC' ? -1 : 1;
  return (a, b) => (a.Name < b.Name ? -sign : a.Name > b.Name ? sign : 0);
}
