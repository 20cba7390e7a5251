import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import type { SageAnswer } from '../answers.js';
import { recordNotFound } from '../answers.js';
import { sageTime } from '../ledger-accounts/rules.js';
import { paginate } from '../pages.js';
import type { SageResource } from '../resource.js';
import type { HandlerContext, SageObject } from '../routes.js';
import { API_PATH } from '../routes.js';
import { isSince, sinceFilter } from '../since.js';

/** A tax rate as `GET /tax_rates` answers it (Sage's `TaxRate`; `percentage` a JSON number). */
export interface SageTaxRate extends SageResource {
  name: string;
  agency: string | null;
  percentage: number;
  percentages: { percentage: number; from_date: string; to_date: string | null }[];
  is_visible: boolean;
  retailer: boolean;
  editable: boolean;
  deletable: boolean;
  is_combined_rate: boolean;
  component_tax_rates: unknown[];
}

/**
 * A UK business's VAT rates: Sage's ids follow `GB_<RATE>` (`GB_STANDARD` is the one Sage's own
 * examples show; the others follow the pattern (?)). Creating, changing and deleting tax rates is
 * "US only" (Sage's reference), so a UK business's rates stay as Sage made them.
 */
const UK_RATES: readonly { id: string; name: string; percentage: number; from: string }[] = [
  { id: 'GB_STANDARD', name: 'Standard', percentage: 20, from: '2011-01-04' },
  { id: 'GB_LOWER', name: 'Lower Rate', percentage: 5, from: '1997-09-01' },
  { id: 'GB_ZERO', name: 'Zero Rated', percentage: 0, from: '1973-04-01' },
  { id: 'GB_EXEMPT', name: 'Exempt', percentage: 0, from: '1973-04-01' },
  { id: 'GB_NO_TAX', name: 'No VAT', percentage: 0, from: '1973-04-01' },
];

function ukRates(now: number): SageTaxRate[] {
  const at = sageTime(now);
  return UK_RATES.map((rate) => ({
    id: rate.id,
    displayed_as: `${rate.name} ${rate.percentage.toFixed(2)}%`,
    $path: `/tax_rates/${rate.id}`,
    created_at: at,
    updated_at: at,
    name: rate.name,
    agency: null,
    percentage: rate.percentage,
    percentages: [{ percentage: rate.percentage, from_date: rate.from, to_date: null }],
    is_visible: true,
    retailer: false,
    editable: false,
    deletable: false,
    is_combined_rate: false,
    component_tax_rates: [],
  }));
}

function list(req: FastifyRequest, context: HandlerContext, rates: SageTaxRate[]): SageAnswer {
  const query = queryParams(req.url);
  const since = sinceFilter(query);
  if (!isSince(since)) return since;
  const found = rates.filter((rate) => since.includes(rate.updated_at));
  // The base attributes (`id`, `displayed_as`, `$path`) unless `attributes` asks for more (any name: all of them).
  const shown = query.attributes ? found : found.map(({ id, displayed_as, $path }) => ({ id, displayed_as, $path }));
  return paginate(shown, 'tax_rates', query, context.maxItemsPerPage);
}

export interface SageTaxRates extends SageObject {
  list(businessId: string): SageTaxRate[];
  /** Replaces a rate's fields out of band (what Sage does when a rate changes, e.g. a new VAT rate): `updated_at` moves. */
  change(businessId: string, id: string, fields: Partial<Pick<SageTaxRate, 'name' | 'percentage' | 'is_visible'>>): void;
}

/** `GET /tax_rates` and `GET /tax_rates/{key}`, per business, with `updated_or_created_since`. */
export function sageTaxRates(now: () => number): SageTaxRates {
  const stores = new PerTenant(() => ukRates(now()));
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/tax_rates`,
        api((req, context) => list(req, context, stores.of(context.businessId))),
      );
      app.get(
        `${API_PATH}/tax_rates/:key`,
        api((req, context) => {
          const rate = stores.of(context.businessId).find((r) => r.id === (req.params as { key?: string }).key);
          return rate ? { status: 200, json: rate } : recordNotFound();
        }),
      );
    },
    list: (businessId) => structuredClone(stores.of(businessId)),
    change(businessId, id, fields) {
      const rates = stores.of(businessId);
      const index = rates.findIndex((rate) => rate.id === id);
      const rate = rates[index];
      if (!rate) throw new Error(`no tax rate ${id}`);
      const changed = { ...rate, ...fields, updated_at: sageTime(now()) };
      rates[index] = { ...changed, displayed_as: `${changed.name} ${changed.percentage.toFixed(2)}%` };
    },
    reset: () => stores.clear(),
  };
}
