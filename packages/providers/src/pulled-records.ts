import type { PulledRecord, SkippedRecord } from './types.js';

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A page of a provider's list in unified words: each row mapped by `map`, or skipped with the
 * reason `map` gives (a string) under the row's own id, so one unmappable record never stops the
 * rest of the page.
 */
export function mapRows<F>(
  rows: readonly unknown[],
  map: (row: Record<string, unknown>) => PulledRecord<F> | string,
  remoteIdOf: (row: Record<string, unknown>) => string | undefined,
): { records: PulledRecord<F>[]; skipped: SkippedRecord[] } {
  const records: PulledRecord<F>[] = [];
  const skipped: SkippedRecord[] = [];
  for (const raw of rows) {
    const row = asRecord(raw);
    const mapped = map(row);
    if (typeof mapped === 'string') skipped.push({ remoteId: remoteIdOf(row) ?? '', reason: mapped });
    else records.push(mapped);
  }
  return { records, skipped };
}
