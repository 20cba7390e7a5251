import { type Decimal, JsonNumber, type PulledTaxRateFields, toDecimal } from '@ledgersync/unified';
import type { PullHandler } from '../types.js';
import { text } from './client.js';
import { type Mapped, sageListReader, sageTimeOf } from './list.js';

/**
 * A percentage as Sage sends it (a JSON number: `20.0`, `8.875`) in basis points, exactly: its
 * digits shifted two places (`20.0` → `2000`, `8.875` → `887.5`), never through a double.
 */
export function basisPointsOf(percentage: unknown): Decimal | undefined {
  if (typeof percentage !== 'number' && !(percentage instanceof JsonNumber)) return undefined;
  const exact = toDecimal(percentage);
  const shifted = exact === null ? null : toDecimal(`${exact}e2`);
  if (shifted === null) return undefined;
  // Trailing zeros after the point say nothing about a rate: 500.0 is 500.
  return (shifted.includes('.') ? shifted.replace(/\.?0+$/, '') : shifted) as Decimal;
}

/** A Sage tax rate in unified words: `percentage` is "the current tax rate percentage" (Sage's reference). */
export function pulledTaxRate(item: Record<string, unknown>): Mapped<PulledTaxRateFields> {
  const id = text(item.id);
  if (!id) return { skipped: { remoteId: '', reason: 'Sage listed a tax rate without an id' } };
  const rate = basisPointsOf(item.percentage);
  if (rate === undefined)
    return { skipped: { remoteId: id, reason: `Sage tax rate without a numeric percentage (${String(item.percentage)})` } };
  const createdAt = sageTimeOf(item.created_at);
  const updatedAt = sageTimeOf(item.updated_at);
  return {
    record: {
      remoteId: id,
      fields: { description: text(item.name) ?? text(item.displayed_as) ?? null, total_tax_ratge: rate, effective_tax_rate: rate },
      remoteData: item,
      ...(createdAt ? { remoteCreatedAt: createdAt } : {}),
      ...(updatedAt ? { remoteUpdatedAt: updatedAt } : {}),
    },
  };
}

/**
 * `GET /tax_rates`: the business's current rates; `updated_or_created_since` for changes. The list
 * takes no `deleted_since` (Sage's reference), and deleting a rate is US only: a deletion is found
 * by a full read.
 */
export const sageTaxRateReader: PullHandler<PulledTaxRateFields> = sageListReader('/tax_rates', pulledTaxRate);
