import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { type ZohoAnswer, ZohoError, zohoSuccess } from '../answers.js';
import { ZOHO_SUCCESS } from '../messages.js';
import { zohoPage } from '../paging.js';
import { API_PATH } from '../routes.js';
import type { ZohoObject } from '../routes.js';

/** A tax as List taxes answers it (Taxes: tax_id, tax_name, tax_percentage, tax_type, ...). */
export interface ZohoTax {
  tax_id: string;
  tax_name: string;
  /** A JSON number with its digits: 8.875. */
  tax_percentage: number;
  tax_type: 'tax' | 'compound_tax';
  tax_authority_id: string;
  tax_authority_name: string;
  is_value_added: boolean;
}

/**
 * The taxes a new organisation of the fake holds. A real new organisation has none until its
 * owner adds them (Settings > Taxes); the fake starts with two a US business would add, one with
 * three decimals, so that pulls have rates to read exactly.
 */
export const DEFAULT_TAXES: readonly Omit<ZohoTax, 'tax_id' | 'tax_authority_id'>[] = [
  {
    tax_name: 'State Sales Tax',
    tax_percentage: 6.25,
    tax_type: 'tax',
    tax_authority_name: 'Illinois Department of Revenue',
    is_value_added: false,
  },
  { tax_name: 'City Tax', tax_percentage: 2.625, tax_type: 'tax', tax_authority_name: 'City of Chicago', is_value_added: false },
];

const FIRST_TAX_ID = 460_000_000_060_000;

export interface ZohoTaxes extends ZohoObject {
  list(organizationId: string): ZohoTax[];
}

/** `GET /settings/taxes` (List taxes), paged like every Zoho list. */
export function zohoTaxes(idsAfter: number, seeded: boolean): ZohoTaxes {
  let lastId = FIRST_TAX_ID + idsAfter;
  const stores = new PerTenant((): ZohoTax[] =>
    (seeded ? DEFAULT_TAXES : ([] as typeof DEFAULT_TAXES)).map((tax) => ({
      ...tax,
      tax_id: String(++lastId),
      tax_authority_id: String(++lastId),
    })),
  );
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/settings/taxes`,
        api((req, context): ZohoAnswer => {
          try {
            const { rows, page_context } = zohoPage(stores.of(context.organizationId), queryParams(req.url));
            return zohoSuccess(200, ZOHO_SUCCESS.success, { taxes: rows.map((tax) => ({ ...tax })), page_context });
          } catch (error) {
            if (error instanceof ZohoError) return error.answer;
            throw error;
          }
        }),
      );
    },
    list: (organizationId) => stores.of(organizationId).map((tax) => ({ ...tax })),
    reset: () => {
      stores.clear();
      lastId = FIRST_TAX_ID + idsAfter;
    },
  };
}
