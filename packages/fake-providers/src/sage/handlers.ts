import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { mediaType, queryParams, rawBody } from '../shared/http.js';
import { recordInvalid, recordNotFound, unsupportedMediaType } from './answers.js';
import type { SageAnswer } from './answers.js';
import { parseLedgerAccountBody } from './body.js';
import { LEDGER_ACCOUNT_TYPE_IDS, ledgerAccountType } from './ledger-account-types.js';
import { filterLedgerAccounts, paginate, project } from './list.js';
import { buildLedgerAccount, checkLedgerAccount } from './rules.js';
import type { LedgerAccountLimits } from './rules.js';
import type { BusinessState } from './store.js';

/** The fake's settings the handlers read. */
export interface HandlerSettings extends LedgerAccountLimits {
  maxItemsPerPage: number;
}

/** What an API handler gets once the gateway has let the request through. */
export interface HandlerContext {
  business: BusinessState;
  now: number;
  settings: HandlerSettings;
}

/** Sage ids: 32 lower-case hex characters. */
export function sageId(): string {
  return randomBytes(16).toString('hex');
}

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string | undefined>)[name] ?? '';
}

/** `POST /ledger_accounts`: 201 with the account, or 422 listing every problem. No idempotency key: a repeat creates again. */
export function createLedgerAccount(req: FastifyRequest, context: HandlerContext): SageAnswer {
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type']);
  const parsed = parseLedgerAccountBody(rawBody(req));
  if (!parsed.ok) return parsed.answer;
  const problems = checkLedgerAccount(parsed.input, context.business, context.settings);
  if (problems.length > 0) return recordInvalid(problems);
  const account = buildLedgerAccount(parsed.input, sageId(), context.now);
  context.business.insert(account);
  return { status: 201, json: account };
}

/** `GET /ledger_accounts`: filtered, paged, each item with the base attributes plus `attributes`. */
export function listLedgerAccounts(req: FastifyRequest, context: HandlerContext): SageAnswer {
  const query = queryParams(req.url);
  const found = filterLedgerAccounts(context.business.accounts.values(), query);
  const page = paginate(found, 'ledger_accounts', query, context.settings.maxItemsPerPage);
  return { status: 200, json: { ...page, $items: page.$items.map((account) => project(account, query.attributes)) } };
}

/** `GET /ledger_accounts/{key}`: the whole account, or 404 when the business has no such id. */
export function readLedgerAccount(req: FastifyRequest, context: HandlerContext): SageAnswer {
  const account = context.business.accounts.get(param(req, 'key'));
  return account === undefined ? recordNotFound() : { status: 200, json: account };
}

function typeResource(id: string) {
  return { id, displayed_as: ledgerAccountType(id)?.displayedAs ?? id, $path: `/ledger_account_types/${id}` };
}

/** `GET /ledger_account_types`: the same for every business. */
export function listLedgerAccountTypes(req: FastifyRequest, context: HandlerContext): SageAnswer {
  const query = queryParams(req.url);
  return {
    status: 200,
    json: paginate(LEDGER_ACCOUNT_TYPE_IDS.map(typeResource), 'ledger_account_types', query, context.settings.maxItemsPerPage),
  };
}

/** `GET /ledger_account_types/{key}`. */
export function readLedgerAccountType(req: FastifyRequest): SageAnswer {
  const id = param(req, 'key');
  return ledgerAccountType(id) === undefined ? recordNotFound() : { status: 200, json: typeResource(id) };
}
