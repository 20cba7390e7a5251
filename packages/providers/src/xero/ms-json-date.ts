// `/Date(1550793549320+0000)/`: milliseconds since the Unix epoch (UTC, possibly negative), then
// an optional ±hhmm offset. JSON.parse has already turned Xero's escaped `\/` into `/`.
const MS_JSON_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/**
 * A Microsoft JSON date (Xero's `UpdatedDateUTC`, `DateTimeUTC`) as RFC 3339 in UTC, or undefined
 * when the value is not one. The offset only says which zone the writer was in: the milliseconds
 * are UTC already, so it does not move the instant.
 */
export function parseMsJsonDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = MS_JSON_DATE.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(Number(match[1]));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
