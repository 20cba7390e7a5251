import type { FastifyRequest } from 'fastify';
import { PerTenant } from '../../shared/objects.js';
import { recordsAnswer, XeroError } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { type BooksSettings, regimeOf, type XeroTaxRate } from '../books/index.js';
import { nameOrder, statusWhere } from '../books/status-where.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, XeroObject } from '../routes.js';

/**
 * `GET /TaxRates` (getTaxRates): every rate of the organisation in one answer (no pages), `where`
 * and `order` as the OpenAPI document lists them; no If-Modified-Since (the operation takes none and
 * a TaxRate has no UpdatedDateUTC), so a client sending one gets the whole list.
 */
function listTaxRates(req: FastifyRequest, context: HandlerContext, rates: XeroTaxRate[]): XeroAnswer {
  const query = req.query as Record<string, string | undefined>;
  try {
    let found = [...rates];
    if (query.where?.trim()) found = found.filter(statusWhere(query.where, 'TaxRates'));
    if (query.order?.trim()) found.sort(nameOrder(query.order, 'TaxRates'));
    return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'TaxRates', 'TaxRate', found);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/** The TaxRates object: the country's default rates of each tenant. */
export interface XeroTaxRates extends XeroObject {
  taxRates(tenantId: string): XeroTaxRate[];
  /** Changes a rate as Xero's screens would (a test's knob): the rate with that TaxType. */
  change(tenantId: string, taxType: string, change: Partial<Pick<XeroTaxRate, 'Name' | 'Status' | 'EffectiveRate' | 'DisplayTaxRate'>>): void;
}

export function xeroTaxRates(books: BooksSettings): XeroTaxRates {
  const regime = regimeOf(books);
  const tenants = new PerTenant(() => structuredClone(regime.rates));
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/TaxRates`,
        api((req, context) => listTaxRates(req, context, tenants.of(context.tenantId))),
      );
    },
    taxRates: (tenantId) => structuredClone(tenants.of(tenantId)),
    change: (tenantId, taxType, change) => {
      const rate = tenants.of(tenantId).find((r) => r.TaxType === taxType);
      if (!rate) throw new Error(`no tax rate ${taxType}`);
      Object.assign(rate, change);
    },
    reset: () => tenants.clear(),
  };
}
