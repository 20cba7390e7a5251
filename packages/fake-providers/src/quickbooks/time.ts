// QuickBooks stamps times in the company's zone with an explicit offset (samples show Pacific
// time). A fixed -07:00 keeps output deterministic; clients must honour the offset either way.
const OFFSET_MINUTES = -7 * 60;
const OFFSET_TEXT = '-07:00';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Formats epoch milliseconds the way QuickBooks does: `2014-09-11T16:48:43-07:00` for entity
 * metadata, `2014-12-31T09:29:05.717-08:00` (with milliseconds) for a response's `time`.
 */
export function intuitDateTime(epochMs: number, withMillis: boolean): string {
  const local = new Date(epochMs + OFFSET_MINUTES * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const millis = withMillis ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  return `${date}T${time}${millis}${OFFSET_TEXT}`;
}
