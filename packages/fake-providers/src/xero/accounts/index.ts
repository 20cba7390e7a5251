import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { header, mediaType, rawBody } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { XeroError, notFound, recordsAnswer, unsupportedMediaType, validationException } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { idempotent } from '../idempotency.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, XeroObject } from '../routes.js';
import { parseCreateBody } from './body.js';
import { buildAccount, checkAccount } from './rules.js';
import { AccountStore } from './store.js';
import type { XeroAccount } from './types.js';
import { updateAccount } from './update.js';
import { compileOrder, compileWhere } from './where.js';

function accountsAnswer(accounts: XeroAccount[], context: HandlerContext): XeroAnswer {
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Accounts', 'Account', accounts);
}

function create(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  try {
    const parsed = parseCreateBody(rawBody(req), context.options.schemaErrorStyle);
    const messages = [...parsed.schemaMessages, ...checkAccount(parsed.input, store)];
    if (messages.length > 0) return validationException([{ type: 'Account', element: parsed.element, messages }]);
    const account = buildAccount(parsed.input, randomUUID(), context.now, context.options.baseCurrency);
    store.insert(account.AccountID, account);
    return accountsAnswer([account], context);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/**
 * `PUT /Accounts` (createAccount). With an `Idempotency-Key`, the first answer (success or error)
 * is remembered for the app and replayed to the same request; the same key on a different
 * request is refused.
 */
function createAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  return idempotent(req, context, () => create(req, context, store));
}

/** `GET /Accounts` (getAccounts): `where`, `order` and `If-Modified-Since` applied. */
function listAccounts(req: FastifyRequest, context: HandlerContext, store: AccountStore | undefined): XeroAnswer {
  const query = req.query as Record<string, string | undefined>;
  try {
    let accounts = [...(store?.records.values() ?? [])];
    const since = Date.parse(header(req, 'if-modified-since') ?? '');
    if (!Number.isNaN(since)) accounts = accounts.filter((a) => Number(/\((\d+)/.exec(a.UpdatedDateUTC)?.[1]) > since);
    if (query.where?.trim()) accounts = accounts.filter(compileWhere(query.where));
    if (query.order?.trim()) accounts.sort(compileOrder(query.order));
    return accountsAnswer(accounts, context);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/** `GET /Accounts/{AccountID}` (getAccount); Xero's bare 404 when the tenant has no such account. */
function readAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore | undefined): XeroAnswer {
  // AccountIDs are stored lower-case; a GUID may be written in either case.
  const account = store?.records.get(((req.params as { AccountID?: string }).AccountID ?? '').toLowerCase());
  return account === undefined ? notFound() : accountsAnswer([account], context);
}

/** The Accounts object: create, list, read, archive. */
export interface XeroAccounts extends XeroObject {
  /** A tenant's accounts, in creation order (copies). */
  list(tenantId: string): XeroAccount[];
}

export function xeroAccounts(): XeroAccounts {
  const stores = new PerTenant(() => new AccountStore());
  return {
    register(app, { api }) {
      app.put(`${API_PATH}/Accounts`, api((req, context) => createAccount(req, context, stores.of(context.tenantId))));
      app.get(`${API_PATH}/Accounts`, api((req, context) => listAccounts(req, context, stores.find(context.tenantId))));
      app.get(`${API_PATH}/Accounts/:AccountID`, api((req, context) => readAccount(req, context, stores.find(context.tenantId))));
      app.post(
        `${API_PATH}/Accounts/:AccountID`,
        api((req, context) =>
          idempotent(req, context, () => updateAccount(req, context, stores.find(context.tenantId))),
        ),
      );
    },
    list: (tenantId) => [...(stores.find(tenantId)?.records.values() ?? [])].map((account) => ({ ...account })),
    reset: () => stores.clear(),
  };
}
