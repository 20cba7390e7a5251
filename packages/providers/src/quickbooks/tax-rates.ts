import { type PulledTaxRateFields, toDecimal } from '@ledgersync/unified';
import type { Decimal, JsonNumber } from '@ledgersync/unified';
import { pick } from './client.js';
import { type EntityReader, entityPullHandler } from './entity-feed.js';
import { type Mapped, pulledRecord, textOf } from './pull-support.js';

/** A percent (QuickBooks' RateValue, `8.875`) in basis points, exactly (`887.5`). */
export function basisPoints(rate: unknown): Decimal | null {
  if (typeof rate !== 'number' && typeof rate !== 'string' && (typeof rate !== 'object' || rate === null)) return null;
  const percent = toDecimal(rate as number | JsonNumber | string);
  return percent === null ? null : toDecimal(`${percent}e2`);
}

/**
 * A TaxRate (a component rate: TaxService creates them, the API only reads them). Its Name is
 * the description (Description is the agency's kind of tax, "Sales Tax"); inactive is archived.
 */
export function pulledTaxRate(row: unknown): Mapped<PulledTaxRateFields> {
  const id = textOf(row, 'Id');
  if (!id) return { skipped: { remoteId: '', reason: 'a QuickBooks TaxRate without an Id' } };
  const rate = basisPoints(pick(row, 'RateValue'));
  if (rate === null) return { skipped: { remoteId: id, reason: `QuickBooks RateValue "${String(pick(row, 'RateValue'))}" is not a rate` } };
  const active = pick(row, 'Active') !== false;
  const fields: PulledTaxRateFields = {
    description: textOf(row, 'Name') ?? textOf(row, 'Description') ?? null,
    total_tax_ratge: rate,
    effective_tax_rate: rate,
  };
  return pulledRecord(id, fields, row, active);
}

const taxRateReader: EntityReader<PulledTaxRateFields> = { entity: 'TaxRate', remoteId: (id) => id, map: pulledTaxRate };

/** Tax rates: full reads only, since CDC serves no TaxRate (Intuit's CDC page); the pipeline diffs them. */
export const quickbooksTaxRatesPull = entityPullHandler([taxRateReader], { cdc: false });
