import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { json, type PennylaneAnswer } from '../answers.js';
import { decodeCursor, encodeCursor, parseLimit } from '../pagination.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, PennylaneObject } from '../routes.js';

/** A category group (an analytical axis) as the fake lists it: its shape beyond the id is unconfirmed (NOTES.md). */
export interface PennylaneCategoryGroup {
  id: number;
  label: string;
  created_at: string;
  updated_at: string;
}

/** A category, filed under its group; `analytical_code` where the advanced analytics module is on. */
export interface PennylaneCategory {
  id: number;
  label: string;
  category_group: { id: number };
  analytical_code: string | null;
  direction: 'cash_in' | 'cash_out' | null;
  created_at: string;
  updated_at: string;
}

// List category groups / List categories: "one of the following scopes: categories:all, categories:readonly".
const READ_SCOPES = ['categories:readonly', 'categories:all'];

/** The analytical axis a new company of the fake has, so pulls have categories to read (a real one's defaults are not documented). */
const DEFAULT_GROUPS = [{ label: 'Activités', categories: ['Conseil', 'Formation', 'Logiciel'] }];

interface Company {
  groups: PennylaneCategoryGroup[];
  categories: PennylaneCategory[];
}

function page<T extends { id: number }>(req: FastifyRequest, rows: readonly T[]): PennylaneAnswer {
  const query = queryParams(req.url);
  const limit = parseLimit(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor) : 0;
  const remaining = rows.filter((row) => row.id > after);
  const items = remaining.slice(0, limit);
  const last = items.at(-1);
  const hasMore = remaining.length > limit && last !== undefined;
  return json(200, { items, has_more: hasMore, next_cursor: hasMore ? encodeCursor(last.id) : null });
}

export interface PennylaneCategories extends PennylaneObject {
  groups(companyId: string): PennylaneCategoryGroup[];
  categories(companyId: string): PennylaneCategory[];
}

/** `GET /category_groups` and `GET /categories`: cursor pages (limit 1 to 100, 20 by default), by id. */
export function pennylaneCategories(options: { idsAfter: number; seeded: boolean; now(): number }): PennylaneCategories {
  let lastGroupId = options.idsAfter;
  let lastCategoryId = options.idsAfter;
  const companies = new PerTenant((): Company => {
    const at = new Date(options.now()).toISOString();
    const company: Company = { groups: [], categories: [] };
    for (const group of options.seeded ? DEFAULT_GROUPS : []) {
      const id = ++lastGroupId;
      company.groups.push({ id, label: group.label, created_at: at, updated_at: at });
      for (const label of group.categories) {
        company.categories.push({
          id: ++lastCategoryId,
          label,
          category_group: { id },
          analytical_code: null,
          direction: null,
          created_at: at,
          updated_at: at,
        });
      }
    }
    return company;
  });
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/category_groups`,
        api((req, context: HandlerContext) => page(req, companies.of(context.companyId).groups), READ_SCOPES),
      );
      app.get(
        `${API_PATH}/categories`,
        api((req, context: HandlerContext) => page(req, companies.of(context.companyId).categories), READ_SCOPES),
      );
    },
    groups: (companyId) => structuredClone(companies.of(companyId).groups),
    categories: (companyId) => structuredClone(companies.of(companyId).categories),
    reset: () => {
      companies.clear();
      lastGroupId = options.idsAfter;
      lastCategoryId = options.idsAfter;
    },
  };
}
