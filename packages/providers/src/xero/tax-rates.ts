import type { PulledTaxRateFields } from '@ledgersync/unified';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { text } from './client.js';
import { type Mapped, pullXeroList, removalOf } from './pull.js';
import { percentToBasisPoints } from './rates.js';

/**
 * A TaxRate in unified words: its Name, DisplayTaxRate (the rate shown, compound components
 * summed by Xero) as `total_tax_ratge` and EffectiveRate as `effective_tax_rate`, both in basis
 * points, exact. Its id is its TaxType, the key Xero reads one by (`GET /TaxRates/{TaxType}`).
 * A rate without a TaxType or a numeric rate is skipped with the reason.
 */
export function pulledXeroTaxRate(rate: Record<string, unknown>): Mapped<PulledTaxRateFields> {
  const remoteId = text(rate.TaxType);
  if (!remoteId) return { skipped: { remoteId: '', reason: 'Xero answered a TaxRate without a TaxType' } };
  const display = percentToBasisPoints(rate.DisplayTaxRate);
  const effective = percentToBasisPoints(rate.EffectiveRate);
  if (display === undefined && effective === undefined) {
    return { skipped: { remoteId, reason: `Xero tax rate ${remoteId} has no numeric DisplayTaxRate or EffectiveRate` } };
  }
  const removed = removalOf(rate.Status, undefined);
  const fields: PulledTaxRateFields = {
    description: text(rate.Name) ?? null,
    total_tax_ratge: display ?? effective ?? null,
    effective_tax_rate: effective ?? display ?? null,
  };
  return { record: { remoteId, fields, remoteData: rate, ...(removed ? { removed } : {}) } };
}

/**
 * `GET /TaxRates` (getTaxRates): every rate in one answer. The operation takes no If-Modified-Since
 * and a TaxRate has no UpdatedDateUTC: every pull is full, diffed by the pipeline.
 */
export const xeroTaxRatesPull: PullHandler<PulledTaxRateFields> = {
  list(context: PullContext): Promise<PullPage<PulledTaxRateFields>> {
    return pullXeroList(context, { path: '/TaxRates', collection: 'TaxRates' }, (r) => [pulledXeroTaxRate(r)]);
  },
};
