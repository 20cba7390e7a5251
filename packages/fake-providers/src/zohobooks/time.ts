function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats epoch milliseconds as Zoho Books does: the organisation's local time with its offset,
 * no milliseconds and no colon in the offset (`2013-01-17T15:27:23+0530`).
 */
export function zohoDateTime(epochMs: number, utcOffsetMinutes: number): string {
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const offset = Math.abs(utcOffsetMinutes);
  return `${date}T${time}${utcOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(offset / 60))}${pad(offset % 60)}`;
}

const ZOHO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-])(\d{2}):?(\d{2})$/;

/** Epoch milliseconds of a time in Zoho's format (the offset's colon optional); undefined when it is not one. */
export function parseZohoDateTime(text: string): number | undefined {
  const match = ZOHO_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, local, sign, hours, minutes] = match;
  const at = Date.parse(`${local}${sign}${hours}:${minutes}`);
  return Number.isNaN(at) ? undefined : at;
}
