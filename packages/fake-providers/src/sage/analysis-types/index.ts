import type { FastifyRequest } from 'fastify';
import { mediaType, queryParams, rawBody } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import type { SageAnswer } from '../answers.js';
import { diagnosis, recordInvalid, recordNotFound, unsupportedMediaType } from '../answers.js';
import { sageTime } from '../ledger-accounts/rules.js';
import { paginate } from '../pages.js';
import type { HandlerContext, SageObject } from '../routes.js';
import { API_PATH } from '../routes.js';
import { isSince, sinceFilter } from '../since.js';
import { readRoot } from './body.js';
import type { SageAnalysisType, SageAnalysisTypeCategory } from './store.js';
import { AnalysisStore } from './store.js';

export type { SageAnalysisType, SageAnalysisTypeCategory } from './store.js';

const key = (req: FastifyRequest) => (req.params as { key?: string }).key ?? '';

/** The base attributes (`id`, `displayed_as`, `$path`) unless `attributes` asks for more (here: all of them). */
function shown<T extends { id: string; displayed_as: string; $path: string }>(items: T[], attributes: string | undefined): unknown[] {
  return attributes ? items : items.map(({ id, displayed_as, $path }) => ({ id, displayed_as, $path }));
}

/** `GET /analysis_types` and `/analysis_type_categories`: `updated_or_created_since` (inclusive), `analysis_type_level`, paged. */
function list<T extends { id: string; displayed_as: string; $path: string; updated_at: string }>(
  req: FastifyRequest,
  context: HandlerContext,
  collection: string,
  items: T[],
  levelOf: (item: T) => string | undefined,
): SageAnswer {
  const query = queryParams(req.url);
  const since = sinceFilter(query);
  if (!isSince(since)) return since;
  const level = query.analysis_type_level;
  const found = items.filter((item) => since.includes(item.updated_at) && (!level || levelOf(item) === level));
  return paginate(shown(found, query.attributes), collection, query, context.maxItemsPerPage);
}

/** `PUT /analysis_types/{key}`: a new name or active areas (clearing every area deactivates the type: Sage's help). */
function putType(req: FastifyRequest, context: HandlerContext, store: AnalysisStore): SageAnswer {
  const type = store.types.get(key(req));
  if (!type) return recordNotFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const read = readRoot(rawBody(req), 'analysis_type', { name: 'string', active_areas: 'strings' }, []);
  if (!read.ok) return read.answer;
  const name = typeof read.input.name === 'string' ? read.input.name.trim() : type.name;
  const areas = Array.isArray(read.input.active_areas) ? read.input.active_areas : type.active_areas;
  const changed: SageAnalysisType = { ...type, name, displayed_as: name, active_areas: [...areas], updated_at: sageTime(context.now) };
  store.types.set(type.id, changed);
  // A category shows its type's name: the embedded link follows the rename (its own updated_at does not move (?)).
  for (const category of store.categories.values()) {
    if (category.analysis_type.id === type.id) category.analysis_type = { ...category.analysis_type, displayed_as: name };
  }
  return { status: 200, json: store.shown(changed) };
}

const CATEGORY_KINDS = { code: 'string', name: 'string', analysis_type_id: 'string' } as const;

function codeTaken(store: AnalysisStore, typeId: string, code: string, except?: string): boolean {
  return [...store.categories.values()].some((c) => c.analysis_type.id === typeId && c.code === code && c.id !== except);
}

function postCategory(req: FastifyRequest, context: HandlerContext, store: AnalysisStore): SageAnswer {
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const read = readRoot(rawBody(req), 'analysis_type_category', CATEGORY_KINDS, ['code', 'name', 'analysis_type_id']);
  if (!read.ok) return read.answer;
  const { code, name, analysis_type_id: typeId } = read.input as Record<string, string>;
  if (!store.types.has(typeId ?? ''))
    return recordInvalid([diagnosis('RecordInvalid', 'is not a valid analysis type', 'analysis_type_id')]);
  if (codeTaken(store, typeId ?? '', code ?? '')) return recordInvalid([diagnosis('RecordInvalid', 'has already been taken', 'code')]);
  return { status: 201, json: store.addCategory(typeId ?? '', (code ?? '').trim(), (name ?? '').trim(), context.now) };
}

function putCategory(req: FastifyRequest, context: HandlerContext, store: AnalysisStore): SageAnswer {
  const category = store.categories.get(key(req));
  if (!category) return recordNotFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const read = readRoot(rawBody(req), 'analysis_type_category', { code: 'string', name: 'string' }, []);
  if (!read.ok) return read.answer;
  const code = typeof read.input.code === 'string' ? read.input.code.trim() : category.code;
  const name = typeof read.input.name === 'string' ? read.input.name.trim() : category.name;
  if (codeTaken(store, category.analysis_type.id, code, category.id))
    return recordInvalid([diagnosis('RecordInvalid', 'has already been taken', 'code')]);
  const changed: SageAnalysisTypeCategory = {
    ...category,
    code,
    name,
    displayed_as: `${code} - ${name}`,
    combined_id: `${category.analysis_type.id}_${code}`,
    updated_at: sageTime(context.now),
  };
  store.categories.set(category.id, changed);
  return { status: 200, json: changed };
}

export interface SageAnalysisTypes extends SageObject {
  types(businessId: string): SageAnalysisType[];
  categories(businessId: string): SageAnalysisTypeCategory[];
}

/**
 * Analysis types (`GET`, `PUT`: Sage's reference has no create or delete for them) and their
 * categories (`GET`, `POST`, `PUT`, `DELETE`), per business, each with `updated_or_created_since`.
 * Neither list takes `deleted_since` in Sage's reference: a deleted category is simply gone.
 */
export function sageAnalysisTypes(now: () => number): SageAnalysisTypes {
  const stores = new PerTenant(() => new AnalysisStore(now()));
  const of = (context: HandlerContext) => stores.of(context.businessId);
  return {
    register(app, { api }) {
      const types = `${API_PATH}/analysis_types`;
      const categories = `${API_PATH}/analysis_type_categories`;
      app.get(
        types,
        api((req, context) => {
          const store = of(context);
          return list(
            req,
            context,
            'analysis_types',
            [...store.types.values()].map((t) => store.shown(t)),
            (t) => t.analysis_type_level,
          );
        }),
      );
      app.get(
        `${types}/:key`,
        api((req, context) => {
          const type = of(context).types.get(key(req));
          return type ? { status: 200, json: of(context).shown(type) } : recordNotFound();
        }),
      );
      app.put(
        `${types}/:key`,
        api((req, context) => putType(req, context, of(context))),
      );
      app.get(
        categories,
        api((req, context) => {
          const store = of(context);
          return list(
            req,
            context,
            'analysis_type_categories',
            [...store.categories.values()],
            (c) => store.types.get(c.analysis_type.id)?.analysis_type_level,
          );
        }),
      );
      app.get(
        `${categories}/:key`,
        api((req, context) => {
          const category = of(context).categories.get(key(req));
          return category ? { status: 200, json: category } : recordNotFound();
        }),
      );
      app.post(
        categories,
        api((req, context) => postCategory(req, context, of(context))),
      );
      app.put(
        `${categories}/:key`,
        api((req, context) => putCategory(req, context, of(context))),
      );
      app.delete(
        `${categories}/:key`,
        api((req, context) => {
          const store = of(context);
          if (!store.categories.delete(key(req))) return recordNotFound();
          // Sage's reference: "void (empty response body)".
          return { status: 204, text: '', contentType: 'application/json' };
        }),
      );
    },
    types: (businessId) => structuredClone([...stores.of(businessId).types.values()]),
    categories: (businessId) => structuredClone([...stores.of(businessId).categories.values()]),
    reset: () => stores.clear(),
  };
}
