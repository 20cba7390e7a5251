import { taxRegime, type TaxRegime } from './regimes.js';

export type { XeroOrganisation } from './organisation.js';
export type { XeroTaxRate } from './regimes.js';
export type { XeroTrackingCategory, XeroTrackingOption } from './tracking.js';

/**
 * What a new tenant (organisation) starts with, read by each object when the tenant first calls:
 * `default`, the books Xero gives a new organisation of the country (its chart of accounts, and
 * tracking categories with options); `empty`, no accounts and no tracking categories. Either way
 * the organisation and its country's tax rates are there, as every Xero organisation has them.
 */
export interface BooksSettings {
  books: 'default' | 'empty';
  countryCode: string;
  baseCurrency: string;
  organisationName: string;
  now: () => number;
}

/** The settings' tax regime (throws for a country the fake has no books for). */
export function regimeOf(settings: BooksSettings): TaxRegime {
  return taxRegime(settings.countryCode);
}
