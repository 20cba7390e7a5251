import type { FastifyRequest } from 'fastify';
import { PerTenant } from '../../shared/objects.js';
import { notFound, recordsAnswer, XeroError } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import type { BooksSettings, XeroTrackingCategory } from '../books/index.js';
import { nameOrder, statusWhere } from '../books/status-where.js';
import { defaultTrackingCategories } from '../books/tracking.js';
import { idempotent } from '../idempotency.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, XeroObject } from '../routes.js';
import { deleteOption, updateCategory, updateOption } from './update.js';

/**
 * What a list shows of a category: ARCHIVED categories and options only with `includeArchived=true`
 * ("Categories and options with a status of ARCHIVED will be included in the response", OpenAPI).
 */
function shown(category: XeroTrackingCategory, includeArchived: boolean): XeroTrackingCategory | undefined {
  const visible = (status: string) => status === 'ACTIVE' || (includeArchived && status === 'ARCHIVED');
  if (!visible(category.Status)) return undefined;
  return { ...category, Options: category.Options.filter((o) => visible(o.Status)).map((o) => ({ ...o })) };
}

function answer(context: HandlerContext, categories: XeroTrackingCategory[]): XeroAnswer {
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'TrackingCategories', 'TrackingCategory', categories);
}

/** `GET /TrackingCategories` (getTrackingCategories): every category with its options, one answer; `where`, `order`, `includeArchived`. */
function listCategories(req: FastifyRequest, context: HandlerContext, categories: XeroTrackingCategory[]): XeroAnswer {
  const query = req.query as Record<string, string | undefined>;
  try {
    const includeArchived = query.includeArchived?.toLowerCase() === 'true';
    let found = categories.map((c) => shown(c, includeArchived)).filter((c): c is XeroTrackingCategory => c !== undefined);
    if (query.where?.trim()) found = found.filter(statusWhere(query.where, 'TrackingCategories'));
    if (query.order?.trim()) found.sort(nameOrder(query.order, 'TrackingCategories'));
    return answer(context, found);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/** The TrackingCategories object: categories and their options, per tenant. */
export interface XeroTrackingCategories extends XeroObject {
  trackingCategories(tenantId: string): XeroTrackingCategory[];
}

export function xeroTrackingCategories(books: BooksSettings): XeroTrackingCategories {
  const tenants = new PerTenant(() => (books.books === 'default' ? defaultTrackingCategories() : []));
  return {
    register(app, { api }) {
      const of = (context: HandlerContext) => tenants.of(context.tenantId);
      const base = `${API_PATH}/TrackingCategories`;
      app.get(base, api((req, context) => listCategories(req, context, of(context))));
      app.get(
        `${base}/:TrackingCategoryID`,
        api((req, context) => {
          const id = (req.params as { TrackingCategoryID?: string }).TrackingCategoryID?.toLowerCase();
          const category = of(context).find((c) => c.TrackingCategoryID === id);
          return category ? answer(context, [structuredClone(category)]) : notFound();
        }),
      );
      app.post(`${base}/:TrackingCategoryID`, api((req, context) => idempotent(req, context, () => updateCategory(req, context, of(context)))));
      app.post(
        `${base}/:TrackingCategoryID/Options/:TrackingOptionID`,
        api((req, context) => idempotent(req, context, () => updateOption(req, context, of(context)))),
      );
      app.delete(`${base}/:TrackingCategoryID/Options/:TrackingOptionID`, api((req, context) => deleteOption(req, context, of(context))));
    },
    trackingCategories: (tenantId) => structuredClone(tenants.of(tenantId)),
    reset: () => tenants.clear(),
  };
}
