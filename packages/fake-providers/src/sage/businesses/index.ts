import type { FastifyRequest } from 'fastify';
import { PerTenant } from '../../shared/objects.js';
import { recordNotFound } from '../answers.js';
import { sageTime } from '../ledger-accounts/rules.js';
import type { SageResource } from '../resource.js';
import type { SageObject } from '../routes.js';
import { API_PATH } from '../routes.js';

/** A business as `GET /businesses/{key}` answers it (the fields Sage's reference lists). */
export interface SageBusiness extends SageResource {
  name: string;
  address_line_1: string;
  address_line_2: string | null;
  city: string;
  postal_code: string;
  country: { id: string; displayed_as: string; $path: string };
  region: string | null;
  telephone: string | null;
  mobile: string | null;
  website: string | null;
  is_demo: boolean;
  ni_based: boolean;
}

/** `GET /financial_settings`: the fields a pull reads (base currency, year end, tax number). */
export interface SageFinancialSettings {
  $path: string;
  year_end_date: string;
  accounting_type: string;
  accounts_start_date: string;
  base_currency: { id: string; displayed_as: string; $path: string };
  multi_currency_enabled: boolean;
  tax_number: string | null;
  updated_at: string;
}

interface Books {
  business: SageBusiness;
  financial: SageFinancialSettings;
}

/** A new UK business: its address and tax number are the fake's (HMRC's published test VAT number). */
function newBusiness(businessId: string, now: number): Books {
  const at = sageTime(now);
  const year = new Date(now).getUTCFullYear();
  const name = `Sandbox Trading ${businessId.slice(0, 6).toUpperCase()} Ltd`;
  return {
    business: {
      id: businessId,
      displayed_as: name,
      $path: `/businesses/${businessId}`,
      created_at: at,
      updated_at: at,
      name,
      address_line_1: '1 High Street',
      address_line_2: null,
      city: 'Newcastle upon Tyne',
      postal_code: 'NE1 1AA',
      country: { id: 'GB', displayed_as: 'United Kingdom (GB)', $path: '/countries/GB' },
      region: null,
      telephone: null,
      mobile: null,
      website: 'https://www.example.co.uk',
      is_demo: false,
      ni_based: false,
    },
    financial: {
      $path: '/financial_settings',
      year_end_date: `${year}-12-31`,
      accounting_type: 'accrual',
      accounts_start_date: `${year}-01-01`,
      base_currency: { id: 'GBP', displayed_as: 'Pound Sterling (GBP)', $path: '/currencies/GBP' },
      multi_currency_enabled: false,
      tax_number: 'GB999999973',
      updated_at: at,
    },
  };
}

export interface SageBusinesses extends SageObject {
  business(businessId: string): SageBusiness;
  financialSettings(businessId: string): SageFinancialSettings;
}

/**
 * `GET /businesses` (the businesses the user reaches: here the token's), `GET /businesses/{key}`
 * (an id, or `lead`: Sage's multi-business guide) and `GET /financial_settings`.
 */
export function sageBusinesses(now: () => number): SageBusinesses {
  const books = new PerTenant((businessId) => newBusiness(businessId, now()));
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/businesses`,
        api((_req, context) => {
          const { business } = books.of(context.businessId);
          const item = { id: business.id, displayed_as: business.displayed_as, $path: business.$path };
          // The guide's example: every business on one page, `$items_per_page` the largest 32-bit integer.
          return { status: 200, json: { $total: 1, $page: 1, $next: null, $back: null, $items_per_page: 2147483647, $items: [item] } };
        }),
      );
      app.get(
        `${API_PATH}/businesses/:key`,
        api((req: FastifyRequest, context) => {
          const key = (req.params as { key?: string }).key;
          if (key !== 'lead' && key !== context.businessId) return recordNotFound();
          return { status: 200, json: books.of(context.businessId).business };
        }),
      );
      app.get(
        `${API_PATH}/financial_settings`,
        api((_req, context) => ({ status: 200, json: books.of(context.businessId).financial })),
      );
    },
    business: (businessId) => structuredClone(books.of(businessId).business),
    financialSettings: (businessId) => structuredClone(books.of(businessId).financial),
    reset: () => books.clear(),
  };
}
