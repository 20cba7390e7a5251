import type { FastifyRequest } from 'fastify';
import { queryParams } from '../../shared/http.js';
import { recordNotFound } from '../answers.js';
import type { SageAnswer } from '../answers.js';
import { paginate } from '../pages.js';
import { API_PATH } from '../routes.js';
import type { HandlerContext, SageObject } from '../routes.js';
import { LEDGER_ACCOUNT_TYPE_IDS, ledgerAccountType } from './table.js';

function typeResource(id: string) {
  return { id, displayed_as: ledgerAccountType(id)?.displayedAs ?? id, $path: `/ledger_account_types/${id}` };
}

/** `GET /ledger_account_types`: the same for every business. */
function listLedgerAccountTypes(req: FastifyRequest, context: HandlerContext): SageAnswer {
  const query = queryParams(req.url);
  return paginate(LEDGER_ACCOUNT_TYPE_IDS.map(typeResource), 'ledger_account_types', query, context.maxItemsPerPage);
}

/** `GET /ledger_account_types/{key}`. */
function readLedgerAccountType(req: FastifyRequest): SageAnswer {
  const id = (req.params as { key?: string }).key ?? '';
  return ledgerAccountType(id) === undefined ? recordNotFound() : { status: 200, json: typeResource(id) };
}

/** The ledger account types: reference data, read-only and the same for every business. */
export function sageLedgerAccountTypes(): SageObject {
  return {
    register(app, { api }) {
      app.get(`${API_PATH}/ledger_account_types`, api(listLedgerAccountTypes));
      app.get(`${API_PATH}/ledger_account_types/:key`, api(readLedgerAccountType));
    },
    // Nothing a business holds: nothing to forget.
    reset: () => {},
  };
}
