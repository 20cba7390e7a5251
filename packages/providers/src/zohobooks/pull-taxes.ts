import { type Decimal, JsonNumber, type PulledTaxRateFields, toDecimal } from '@ledgersync/unified';
import { mapRows } from '../pulled-records.js';
import type { PullContext, PulledRecord, PullHandler } from '../types.js';
import { text } from './client.js';
import { zohoListPage } from './pull-page.js';

/** A percentage (`10.5`, its digits kept) in basis points, exactly: `1050`; `8.875` is `887.5`. */
export function percentToBasisPoints(value: unknown): Decimal | null {
  if (typeof value !== 'number' && !(value instanceof JsonNumber)) return null;
  // Shifting the decimal point two places is exact where multiplying a double is not.
  return toDecimal(`${String(value)}e2`);
}

/** A tax of `GET /settings/taxes` in unified words; a string when it cannot be mapped (why). */
export function fromZohoTax(row: Record<string, unknown>): PulledRecord<PulledTaxRateFields> | string {
  const id = text(row.tax_id);
  if (!id) return 'Zoho Books listed a tax without tax_id';
  const rate = percentToBasisPoints(row.tax_percentage);
  if (rate === null) return `tax_percentage ${JSON.stringify(row.tax_percentage)} is not a number`;
  return {
    remoteId: id,
    fields: { description: text(row.tax_name) ?? null, total_tax_ratge: rate, effective_tax_rate: rate },
    remoteData: row,
  };
}

/**
 * The organisation's taxes (List taxes), 200 to a page while Zoho says more follow. The list has
 * no modified-since filter and shows no deleted tax: every pull is full, diffed by the pipeline.
 */
export const zohobooksTaxRateReader: PullHandler<PulledTaxRateFields> = {
  async list(context: PullContext, page: string | null) {
    const { rows, next } = await zohoListPage(context, '/settings/taxes', 'taxes', page);
    return { ...mapRows(rows, fromZohoTax, (row) => text(row.tax_id)), next };
  },
};
