import type { FastifyRequest } from 'fastify';
import { queryParams } from '../shared/http.js';
import type { PennylaneAnswer } from './answers.js';
import { failure, json, PennylaneError } from './answers.js';
import { parseCreateBody } from './body.js';
import { compileFilter } from './filter.js';
import { MESSAGES } from './messages.js';
import { decodeCursor, encodeCursor, parseLimit } from './pagination.js';
import type { LedgerRules } from './rules.js';
import { buildLedgerAccount, checkLedgerAccount, uniquenessKey } from './rules.js';
import type { CompanyLedger, LedgerStore } from './store.js';

/** What a ledger-accounts handler gets once the gateway let the request through. */
export interface HandlerContext {
  companyId: string;
  company: CompanyLedger;
  store: LedgerStore;
  rules: LedgerRules;
  unknownKeys: 'ignore' | 'reject';
  now: number;
}

export type Handler = (req: FastifyRequest, context: HandlerContext) => PennylaneAnswer;

function answering(handler: Handler): Handler {
  return (req, context) => {
    try {
      return handler(req, context);
    } catch (error) {
      if (error instanceof PennylaneError) return error.answer;
      throw error;
    }
  };
}

/** `POST /ledger_accounts`: 201 with the account, 422 with every broken rule in one sentence. */
export const createLedgerAccount = answering((req, context) => {
  const input = parseCreateBody(req, context.unknownKeys);
  const messages = checkLedgerAccount(input, context.company, context.rules);
  if (messages.length > 0) return failure(422, messages.join(', '));
  const account = buildLedgerAccount(input, context.store.nextId(), context.now, context.rules);
  context.company.insert(account, uniquenessKey(account.number, account.vat_rate, context.rules.uniqueBy));
  return json(201, account);
});

/** `GET /ledger_accounts`: the company's accounts by id, filtered by `filter`, a page of `limit` after `cursor`. */
export const listLedgerAccounts = answering((req, context) => {
  const query = queryParams(req.url);
  const limit = parseLimit(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor) : 0;
  const matches = query.filter ? compileFilter(query.filter) : () => true;
  const remaining = [...context.company.accounts.values()].filter((account) => account.id > after && matches(account));
  const items = remaining.slice(0, limit);
  const last = items.at(-1);
  const hasMore = remaining.length > limit && last !== undefined;
  return json(200, { items, has_more: hasMore, next_cursor: hasMore ? encodeCursor(last.id) : null });
});

/** `GET /ledger_accounts/{id}`: 404 for an id that is not one of the company's accounts. */
export const readLedgerAccount = answering((req, context) => {
  const raw = (req.params as { id?: string }).id ?? '';
  const account = /^\d+$/.test(raw) ? context.company.accounts.get(Number(raw)) : undefined;
  return account === undefined ? failure(404, MESSAGES.notFound) : json(200, account);
});
