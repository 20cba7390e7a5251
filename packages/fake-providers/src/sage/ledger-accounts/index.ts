import type { FastifyRequest } from 'fastify';
import { mediaType, queryParams, rawBody } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { methodNotAllowed, notImplemented, recordInvalid, recordNotFound, unsupportedMediaType } from '../answers.js';
import type { SageAnswer } from '../answers.js';
import { sageId } from '../ids.js';
import { paginate } from '../pages.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, SageObject } from '../routes.js';
import { parseLedgerAccountBody } from './body.js';
import { filterLedgerAccounts, project } from './list.js';
import { buildLedgerAccount, checkLedgerAccount } from './rules.js';
import type { LedgerAccountLimits } from './rules.js';
import { LedgerAccountStore } from './store.js';
import type { SageLedgerAccount } from './types.js';

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
  store.insert(account.id, account);
  return { status: 201, json: account };
}

/** `GET /ledger_accounts`: filtered, paged, each item with the base attributes plus `attributes`. */
function listLedgerAccounts(req: FastifyRequest, context: HandlerContext, store: LedgerAccountStore | undefined): SageAnswer {
  const query = queryParams(req.url);
  const found = filterLedgerAccounts(store?.records.values() ?? [], query);
  const page = paginate(found, 'ledger_accounts', query, context.maxItemsPerPage);
  return { status: 200, json: { ...page, $items: page.$items.map((account) => project(account, query.attributes)) } };
}

/** `GET /ledger_accounts/{key}`: the whole account, or 404 when the business has no such id. */
function readLedgerAccount(req: FastifyRequest, store: LedgerAccountStore | undefined): SageAnswer {
  const account = store?.records.get(param(req, 'key'));
  return account === undefined ? recordNotFound() : { status: 200, json: account };
}

/** The ledger accounts object: create, list, read; update and delete refused as Sage refuses them here. */
export interface SageLedgerAccounts extends SageObject {
  /** A business's accounts, in creation order (copies). */
  list(businessId: string): SageLedgerAccount[];
}

export function sageLedgerAccounts(limits: LedgerAccountLimits): SageLedgerAccounts {
  const stores = new PerTenant(() => new LedgerAccountStore());
  return {
    register(app, { api, idempotent }) {
      const collection = `${API_PATH}/ledger_accounts`;
      const create = idempotent('ledger_account', (req, context) =>
        createLedgerAccount(req, context, stores.of(context.businessId), limits),
      );
      app.post(collection, api(create));
      app.get(
        collection,
        api((req, context) => listLedgerAccounts(req, context, stores.find(context.businessId))),
      );
      app.get(
        `${collection}/:key`,
        api((req, context) => readLedgerAccount(req, stores.find(context.businessId))),
      );
      // Sage updates ledger accounts with PUT; this fake does not, and says so.
      app.put(
        `${collection}/:key`,
        api((req) => notImplemented(req.method, req.url.split('?')[0] ?? req.url)),
      );
      // A ledger account cannot be deleted once created (Sage's help); the collection takes GET and POST only.
      app.route({ method: ['DELETE', 'PATCH'], url: `${collection}/:key`, handler: api((req) => methodNotAllowed(req.method)) });
      app.route({ method: ['PUT', 'DELETE', 'PATCH'], url: collection, handler: api((req) => methodNotAllowed(req.method)) });
    },
    list: (businessId) => [...(stores.find(businessId)?.records.values() ?? [])].map((account) => structuredClone(account)),
    reset: () => stores.clear(),
  };
}
