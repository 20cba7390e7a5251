import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { header, mediaType, rawBody } from '../shared/http.js';
import { XeroError, idempotencyProblem, notFound, unsupportedMediaType, validationException } from './answers.js';
import type { XeroAnswer } from './answers.js';
import { parseCreateBody } from './body.js';
import { buildAccount, checkAccount } from './rules.js';
import type { TenantState } from './store.js';
import type { XeroAccount, XeroFakeOptions } from './types.js';
import { compileOrder, compileWhere } from './where.js';

/** What an Accounting API handler gets once the gateway has let the request through. */
export interface HandlerContext {
  tenant: TenantState;
  now: number;
  /** The request's correlation id, reused as the `Instance` of problem answers. */
  instance: string;
  options: Required<Pick<XeroFakeOptions, 'providerName' | 'baseCurrency' | 'schemaErrorStyle'>>;
}

const MAX_IDEMPOTENCY_KEY = 128;

function accountsAnswer(accounts: XeroAccount[], context: HandlerContext): XeroAnswer {
  return {
    status: 200,
    payload: {
      kind: 'accounts',
      id: randomUUID(),
      providerName: context.options.providerName,
      at: context.now,
      accounts: accounts.map((a) => ({ ...a })),
    },
  };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** What "the same request" means for an idempotency key: method, path and query, and the body as JSON (key order and spacing aside). */
function fingerprint(req: FastifyRequest): string {
  const text = rawBody(req) ?? '';
  let body = text;
  try {
    body = JSON.stringify(canonical(JSON.parse(text)));
  } catch {
    // Not JSON: compared as sent.
  }
  return `${req.method} ${req.url}\n${body}`;
}

function create(req: FastifyRequest, context: HandlerContext): XeroAnswer {
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  try {
    const parsed = parseCreateBody(rawBody(req), context.options.schemaErrorStyle);
    const messages = [...parsed.schemaMessages, ...checkAccount(parsed.input, context.tenant)];
    if (messages.length > 0) return validationException([{ element: parsed.element, messages }]);
    const account = buildAccount(parsed.input, randomUUID(), context.now, context.options.baseCurrency);
    context.tenant.insert(account);
    return accountsAnswer([account], context);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/**
 * `PUT /Accounts` (createAccount). With an `Idempotency-Key`, the first answer (success or error)
 * is remembered for the tenant and replayed to the same request; the same key on a different
 * request is refused.
 */
export function createAccount(req: FastifyRequest, context: HandlerContext): XeroAnswer {
  const key = header(req, 'idempotency-key');
  if (key === undefined || key === '') return create(req, context);
  if (key.length > MAX_IDEMPOTENCY_KEY) {
    return idempotencyProblem(`Idempotency-Key must not be longer than ${MAX_IDEMPOTENCY_KEY} characters`, context.instance);
  }
  const print = fingerprint(req);
  const remembered = context.tenant.idempotency.get(key);
  if (remembered !== undefined) {
    return remembered.fingerprint === print
      ? remembered.answer
      : idempotencyProblem(`Idempotency Key ${key} is used with a different request`, context.instance);
  }
  const answer = create(req, context);
  context.tenant.idempotency.set(key, print, answer);
  return answer;
}

/** `GET /Accounts` (getAccounts): `where`, `order` and `If-Modified-Since` applied. */
export function listAccounts(req: FastifyRequest, context: HandlerContext): XeroAnswer {
  const query = req.query as Record<string, string | undefined>;
  try {
    let accounts = [...context.tenant.accounts.values()];
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
export function readAccount(req: FastifyRequest, context: HandlerContext): XeroAnswer {
  // AccountIDs are stored lower-case; a GUID may be written in either case.
  const account = context.tenant.accounts.get(((req.params as { AccountID?: string }).AccountID ?? '').toLowerCase());
  return account === undefined ? notFound() : accountsAnswer([account], context);
}
