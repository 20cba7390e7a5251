import type { Decimal } from '../money.js';
import type { AccountStatus, AccountType, Classification } from '../vocabulary.js';

/**
 * What a pull reads from the customer's books, per object, in unified words: the fields a
 * provider's `list`/`changes` fill in (packages/providers PullHandler) and the pipeline upserts.
 * References to other records are the provider's ids (`*_remote_id`): the pipeline resolves them to
 * ledgersync ids once both records are stored. Amounts and rates are exact decimals, never floats.
 */

/** The objects ledgersync reads (Panora's accounting objects it pulls first). */
export const PULLED_OBJECTS = ['account', 'companyinfo', 'taxrate', 'trackingcategory'] as const;
export type PulledObjectName = (typeof PULLED_OBJECTS)[number];

/** An account of the customer's chart (Panora's UnifiedAccountingAccountOutput fields). */
export interface PulledAccountFields {
  name?: string | null;
  description?: string | null;
  classification?: Classification | null;
  type?: AccountType | null;
  status?: AccountStatus | null;
  current_balance?: Decimal | null;
  currency?: string | null;
  account_number?: string | null;
  /** The parent account's id at the provider (a sub-account). */
  parent_remote_id?: string | null;
}

/** The company the connection is a tenant of (Panora's UnifiedAccountingCompanyinfoOutput). */
export interface PulledCompanyInfoFields {
  name?: string | null;
  legal_name?: string | null;
  tax_number?: string | null;
  /** 1-12. */
  fiscal_year_end_month?: number | null;
  /** 1-31. */
  fiscal_year_end_day?: number | null;
  /** ISO 4217: the company's home currency. */
  currency?: string | null;
  urls?: string[] | null;
  /** ISO 3166-1 alpha-2: the company's country (providers' limits depend on it). */
  country?: string | null;
}

/**
 * A tax rate (Panora's UnifiedAccountingTaxrateOutput). Rates are in basis points, as Panora
 * documents them (2000 for 20 %), kept exact: 8.875 % is "887.5". Panora spells the first field
 * `total_tax_ratge`; the API keeps its spelling, the pipeline uses it too so nothing renames it.
 */
export interface PulledTaxRateFields {
  description?: string | null;
  total_tax_ratge?: Decimal | null;
  effective_tax_rate?: Decimal | null;
}

/** A tracking category (Panora's UnifiedAccountingTrackingcategoryOutput): a class, department, tag. */
export interface PulledTrackingCategoryFields {
  name?: string | null;
  /** `Active` or `Archived`. */
  status?: 'Active' | 'Archived' | null;
  /** What the provider calls the kind of category (QuickBooks `Class`/`Department`, Xero's category name). */
  category_type?: string | null;
  /** The parent category's id at the provider (an option of a Xero category, a sub-class). */
  parent_remote_id?: string | null;
}

export interface PulledFields {
  account: PulledAccountFields;
  companyinfo: PulledCompanyInfoFields;
  taxrate: PulledTaxRateFields;
  trackingcategory: PulledTrackingCategoryFields;
}
