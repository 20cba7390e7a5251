import { type ZohoAnswer, zohoError, zohoSuccess } from '../answers.js';
import { ZOHO_ERRORS, ZOHO_SUCCESS } from '../messages.js';
import { API_PATH } from '../routes.js';
import type { ZohoObject } from '../routes.js';
import type { ZohoCurrency } from '../types.js';

/** What an organisation's settings say about it (Organizations, "Get an organization"). */
export interface ZohoOrganizationSettings {
  name: string;
  /** 0 = January, as Zoho's example answers it. */
  fiscal_year_start_month: number;
  time_zone: string;
  /** The billing address' country, as Zoho writes it ("U.S.A"). */
  country: string;
  language_code: string;
}

export const DEFAULT_ORGANIZATION: ZohoOrganizationSettings = {
  name: 'Zillium Inc',
  fiscal_year_start_month: 0,
  time_zone: 'PST',
  country: 'U.S.A',
  language_code: 'en',
};

/**
 * `GET /organizations/{organization_id}` (Get an organization): the organisation the token's
 * user reaches under that id, with `organization_id` in the query like every call. Another id in
 * the path is an organisation this user is not in.
 */
export function zohoOrganizations(settings: ZohoOrganizationSettings, currency: ZohoCurrency, createdDate: string): ZohoObject {
  const organizationOf = (organizationId: string): Record<string, unknown> => ({
    organization_id: organizationId,
    name: settings.name,
    contact_name: 'John Smith',
    email: 'john@zillum.com',
    is_default_org: true,
    language_code: settings.language_code,
    fiscal_year_start_month: settings.fiscal_year_start_month,
    account_created_date: createdDate,
    time_zone: settings.time_zone,
    is_org_active: true,
    currency_id: currency.currency_id,
    currency_code: currency.currency_code,
    address: { street_address1: '', street_address2: '', city: '', state: '', country: settings.country, zip: '' },
  });
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/organizations/:organization_id`,
        api((req, context): ZohoAnswer => {
          const requested = (req.params as { organization_id?: string }).organization_id ?? '';
          if (requested !== context.organizationId) return zohoError(400, ZOHO_ERRORS.notInOrganization(requested));
          return zohoSuccess(200, ZOHO_SUCCESS.success, { organization: organizationOf(context.organizationId) });
        }),
      );
    },
    reset: () => {},
  };
}
