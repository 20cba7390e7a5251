import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { header, mediaType, rawBody } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { XeroError, notFound, recordsAnswer, unsupportedMediaType, validationException } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { type BooksSettings, regimeOf } from '../books/index.js';
import { defaultChart } from '../books/chart.js';
import { idempotent } from '../idempotency.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, XeroObject } from '../routes.js';
import { parseCreateBody } from './body.js';
import { buildAccount, checkAccount } from './rules.js';
import { seedAccounts } from './seed.js';
import { AccountStore } from './store.js';
import type { XeroAccount } from './types.js';
import { deleteAccount, updateAccount } from './update.js';
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
    store.created.add(account.AccountID);
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

const SECOND = 1000;

/**
 * `If-Modified-Since`: "Only items created or updated since the specified timestamp will be returned
 * (accurate to the second)". Compared in whole seconds, and strictly after (the docs do not say
 * whether the second itself counts: the fake takes the stricter reading, so a client keeps a margin).
 */
function modifiedSince(value: string | undefined): ((account: XeroAccount) => boolean) | undefined {
  const since = Date.parse(value ?? '');
  if (Number.isNaN(since)) return undefined;
  const sinceSecond = Math.floor(since / SECOND);
  return (account) => Math.floor(Number(/\((-?\d+)/.exec(account.UpdatedDateUTC)?.[1]) / SECOND) > sinceSecond;
}

/** `GET /Accounts` (getAccounts): the whole chart in one answer (the operation has no pages); `where`, `order` and `If-Modified-Since` applied. */
function listAccounts(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  const query = req.query as Record<string, string | undefined>;
  try {
    let accounts = [...store.records.values()];
    const changed = modifiedSince(header(req, 'if-modified-since'));
    if (changed) accounts = accounts.filter(changed);
    if (query.where?.trim()) accounts = accounts.filter(compileWhere(query.where));
    if (query.order?.trim()) accounts.sort(compileOrder(query.order));
    return accountsAnswer(accounts, context);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/** `GET /Accounts/{AccountID}` (getAccount); Xero's bare 404 when the tenant has no such account. */
function readAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  const account = store.byId((req.params as { AccountID?: string }).AccountID);
  return account === undefined ? notFound() : accountsAnswer([account], context);
}

/** The Accounts object: create, list, read, update (details or archive), delete. */
export interface XeroAccounts extends XeroObject {
  /** The accounts a tenant's app created through `PUT /Accounts`, in creation order (copies). */
  list(tenantId: string): XeroAccount[];
  /** The tenant's whole chart: its default books, seeded accounts and those created (copies). */
  chart(tenantId: string): XeroAccount[];
  /** Adds `count` accounts made in Xero (not through the API) to the tenant's chart. */
  seed(tenantId: string, count: number): void;
  /** Marks an account as used by a transaction, which Xero never deletes. */
  use(tenantId: string, accountId: string): void;
}

export function xeroAccounts(books: BooksSettings): XeroAccounts {
  const regime = regimeOf(books);
  const stores = new PerTenant(() => {
    const store = new AccountStore();
    if (books.books === 'default') for (const account of defaultChart(regime, books.now(), books.baseCurrency)) store.insert(account.AccountID, account);
    return store;
  });
  const copies = (accounts: Iterable<XeroAccount>) => [...accounts].map((account) => ({ ...account }));
  return {
    register(app, { api }) {
      const of = (context: HandlerContext) => stores.of(context.tenantId);
      app.put(`${API_PATH}/Accounts`, api((req, context) => createAccount(req, context, of(context))));
      app.get(`${API_PATH}/Accounts`, api((req, context) => listAccounts(req, context, of(context))));
      app.get(`${API_PATH}/Accounts/:AccountID`, api((req, context) => readAccount(req, context, of(context))));
      app.post(
        `${API_PATH}/Accounts/:AccountID`,
        api((req, context) => idempotent(req, context, () => updateAccount(req, context, of(context)))),
      );
      // Xero honours an Idempotency-Key on POST, PUT and PATCH only: a DELETE is answered as is.
      app.delete(`${API_PATH}/Accounts/:AccountID`, api((req, context) => deleteAccount(req, context, of(context))));
    },
    list: (tenantId) => {
      const store = stores.find(tenantId);
      return store ? copies([...store.records.values()].filter((account) => store.created.has(account.AccountID))) : [];
    },
    chart: (tenantId) => copies(stores.of(tenantId).records.values()),
    seed: (tenantId, count) => seedAccounts(stores.of(tenantId), count, books.now(), regime, books.baseCurrency),
    use: (tenantId, accountId) => {
      stores.of(tenantId).used.add(accountId.toLowerCase());
    },
    reset: () => stores.clear(),
  };
}
