import type { SageAnswer } from './answers.js';
import { diagnosis, recordInvalid } from './answers.js';

/** `updated_or_created_since`, read: whether a record's `updated_at` is at or after it. */
export interface SinceFilter {
  includes(updatedAt: string): boolean;
}

const EVERYTHING: SinceFilter = { includes: () => true };

// A date (YYYY-MM-DD) or a date-time with an offset or Z, as Sage's reference gives the formats.
const FORMAT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Sage's `updated_or_created_since`: "changed since a given date ... or date-time ... Inclusive of
 * the passed timestamp" (its reference, every list that takes it). A date alone is midnight UTC
 * (the business's time zone is silent). A value that is no date is refused with a 422 naming the
 * parameter (Sage's answer is silent: the stricter side).
 */
export function sinceFilter(query: Record<string, string>): SinceFilter | SageAnswer {
  const value = query.updated_or_created_since;
  if (value === undefined || value === '') return EVERYTHING;
  const at = FORMAT.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : Number.NaN;
  if (Number.isNaN(at)) {
    return recordInvalid([diagnosis('RecordInvalid', 'is not a valid date or date-time', 'updated_or_created_since')]);
  }
  return { includes: (updatedAt) => Date.parse(updatedAt) >= at };
}

export function isSince(value: SinceFilter | SageAnswer): value is SinceFilter {
  return 'includes' in value;
}
