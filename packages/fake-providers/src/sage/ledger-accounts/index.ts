import type { FastifyRequest } from 'fastify';
import { mediaType, queryParams, rawBody } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import type { SageAnswer } from '../answers.js';
import { methodNotAllowed, recordInvalid, recordNotFound, unsupportedMediaType } from '../answers.js';
import { sageId } from '../ids.js';
import { envelope, isAnswer, pageRequest } from '../pages.js';
import type { HandlerContext, SageObject } from '../routes.js';
import { API_PATH } from '../routes.js';
import { isSince, sinceFilter } from '../since.js';
import { parseLedgerAccountBody } from './body.js';
import { UK_DEFAULT_CHART } from './defaults.js';
import { listLedgerAccountPage, project } from './list.js';
import type { LedgerAccountLimits } from './rules.js';
import { buildLedgerAccount, checkLedgerAccount } from './rules.js';
import { SeededRange } from './seeds.js';
import { LedgerAccountStore } from './store.js';
import type { SageLedgerAccount } from './types.js';
import { updateLedgerAccount } from './update.js';

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string | undefined>)[name] ?? '';
}

/**
 * `POST /ledger_accounts`: 201 with the account, or 422 listing every problem. Behind the gateway's
 * `idempotent('ledger_account', ...)`: a repeat with the same `idempotency_id` gets this answer again.
 */
function createLedgerAccount(
  req: FastifyRequest,
  context: HandlerContext,
  store: LedgerAccountStore,
  limits: LedgerAccountLimits,
): SageAnswer {
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const parsed = parseLedgerAccountBody(rawBody(req));
  if (!parsed.ok) return parsed.answer;
  const problems = checkLedgerAccount(parsed.input, store, limits);
  if (problems.length > 0) return recordInvalid(problems);
  const account = buildLedgerAccount(parsed.input, sageId(), context.now);
  store.insert(account);
  return { status: 201, json: account };
}

/** `PUT /ledger_accounts/{key}`: 200 with the changed account, 404 for an id the business lacks, or 422. */
function putLedgerAccount(
  req: FastifyRequest,
  context: HandlerContext,
  store: LedgerAccountStore,
  limits: LedgerAccountLimits,
): SageAnswer {
  const before = store.get(param(req, 'key'));
  if (before === undefined) return recordNotFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const parsed = parseLedgerAccountBody(rawBody(req), []);
  if (!parsed.ok) return parsed.answer;
  const updated = updateLedgerAccount(before, parsed.input, store, limits, context.now);
  if (!updated.ok) return recordInvalid(updated.problems);
  store.replace(before, updated.account);
  return { status: 200, json: updated.account };
}

/** `GET /ledger_accounts`: filtered, paged, each item with the base attributes plus `attributes`. */
function listLedgerAccounts(req: FastifyRequest, context: HandlerContext, store: LedgerAccountStore): SageAnswer {
  const query = queryParams(req.url);
  const request = pageRequest(query, context.maxItemsPerPage);
  if (isAnswer(request)) return request;
  const since = sinceFilter(query);
  if (!isSince(since)) return since;
  const listed = listLedgerAccountPage(store, query, since, request.page, request.perPage);
  const items = listed.items.map((account) => project(account, query.attributes));
  return { status: 200, json: envelope('ledger_accounts', query, request, listed.total, listed.page, items) };
}

/** `GET /ledger_accounts/{key}`: the whole account, or 404 when the business has no such id. */
function readLedgerAccount(req: FastifyRequest, store: LedgerAccountStore): SageAnswer {
  const account = store.get(param(req, 'key'));
  return account === undefined ? recordNotFound() : { status: 200, json: account };
}

/** What a test or benchmark seeds: `count` accounts of one type from `firstCode` on. */
export interface SeedOptions {
  /** The first nominal code (10,000,000 by default: above every code of the default chart). */
  firstCode?: number;
  /** The Sage type of every seeded account (OVERHEADS by default). */
  typeId?: string;
}

/** The ledger accounts object: create, list, read, update; delete refused, as Sage refuses it. */
export interface SageLedgerAccounts extends SageObject {
  /** A business's accounts: the records in creation order, then the seeded ones never changed (copies). */
  list(businessId: string): SageLedgerAccount[];
  seed(businessId: string, count: number, options?: SeedOptions): void;
}

export interface LedgerAccountSettings extends LedgerAccountLimits {
  /** A new business starts with Sage's UK default chart (`defaults.ts`); false: with none. */
  defaultBooks: boolean;
  now(): number;
}

/** A business's default chart, created with the business (its first request), as Sage creates it with the business. */
function withDefaults(store: LedgerAccountStore, now: number): LedgerAccountStore {
  for (const entry of UK_DEFAULT_CHART) {
    const account = buildLedgerAccount(
      {
        ledger_account_type_id: entry.typeId,
        included_in_chart: true,
        name: entry.name,
        display_name: entry.name,
        nominal_code: entry.nominalCode,
        ...(entry.taxRateId ? { tax_rate_id: entry.taxRateId } : {}),
      },
      sageId(),
      now,
    );
    store.insert(entry.controlName ? { ...account, is_control_account: true, control_name: entry.controlName } : account);
  }
  return store;
}

export function sageLedgerAccounts(settings: LedgerAccountSettings): SageLedgerAccounts {
  const stores = new PerTenant(() => {
    const store = new LedgerAccountStore();
    return settings.defaultBooks ? withDefaults(store, settings.now()) : store;
  });
  return {
    register(app, { api, idempotent }) {
      const collection = `${API_PATH}/ledger_accounts`;
      const create = idempotent('ledger_account', (req, context) =>
        createLedgerAccount(req, context, stores.of(context.businessId), settings),
      );
      const update = idempotent('ledger_account', (req, context) =>
        putLedgerAccount(req, context, stores.of(context.businessId), settings),
      );
      app.post(collection, api(create));
      app.get(
        collection,
        api((req, context) => listLedgerAccounts(req, context, stores.of(context.businessId))),
      );
      app.get(
        `${collection}/:key`,
        api((req, context) => readLedgerAccount(req, stores.of(context.businessId))),
      );
      app.put(`${collection}/:key`, api(update));
      // "You cannot delete a ledger account once created" (Sage's help); the API has no DELETE for it.
      app.route({ method: ['DELETE', 'PATCH'], url: `${collection}/:key`, handler: api((req) => methodNotAllowed(req.method)) });
      app.route({ method: ['PUT', 'DELETE', 'PATCH'], url: collection, handler: api((req) => methodNotAllowed(req.method)) });
    },
    list: (businessId) =>
      stores
        .of(businessId)
        .all()
        .map((account) => structuredClone(account)),
    seed(businessId, count, options = {}) {
      const store = stores.of(businessId);
      const typeId = options.typeId ?? 'OVERHEADS';
      const firstCode = options.firstCode ?? 10_000_000;
      const createdAt = settings.now();
      const range: SeededRange = new SeededRange(businessId, firstCode, count, (index) =>
        buildLedgerAccount(
          {
            ledger_account_type_id: typeId,
            included_in_chart: true,
            name: range.nameOf(index),
            display_name: range.nameOf(index),
            nominal_code: firstCode + index,
          },
          range.idOf(index),
          createdAt,
        ),
      );
      store.seed(range);
    },
    reset: () => stores.clear(),
  };
}
