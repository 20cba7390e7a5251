import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../../shared/http.js';
import { XeroError, notFound, recordsAnswer, unsupportedMediaType, validationException } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { msDate } from '../render.js';
import type { HandlerContext } from '../routes.js';
import { parseCreateBody } from './body.js';
import { MESSAGES } from './messages.js';
import type { AccountStore } from './store.js';

/** Xero's own answer to a refused update: a ValidationException echoing the account sent. */
function refused(element: Record<string, unknown>, message: string): XeroAnswer {
  return validationException([{ type: 'Account', element, messages: [message] }]);
}

/**
 * `POST /Accounts/{AccountID}` (updateAccount), as far as archiving goes: "Accounts with a status of
 * ACTIVE can be updated to ARCHIVED" (Xero's OpenAPI document), with nothing else in the same
 * request ("Cannot update account details and STATUS on the same request"), and never on a BANK
 * account. Any other Status change is refused (the docs give none), and so is a change of details,
 * which the fake does not serve.
 */
export function updateAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore | undefined): XeroAnswer {
  const account = store?.records.get(((req.params as { AccountID?: string }).AccountID ?? '').toLowerCase());
  if (account === undefined) return notFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  try {
    const parsed = parseCreateBody(rawBody(req), context.options.schemaErrorStyle);
    const element = { ...parsed.element, AccountID: account.AccountID };
    if (parsed.schemaMessages.length > 0) return validationException([{ type: 'Account', element, messages: parsed.schemaMessages }]);
    const status = parsed.input.Status;
    if (status === undefined) return refused(element, MESSAGES.detailsNotServed);
    if (Object.keys(parsed.element).some((key) => key !== 'AccountID' && key !== 'Status')) return refused(element, MESSAGES.statusWithDetails);
    if (account.Type === 'BANK') return refused(element, MESSAGES.bankNotUpdatable);
    if (account.Status !== 'ACTIVE' || status !== 'ARCHIVED') return refused(element, MESSAGES.statusChange(account.Status, status));
    account.Status = 'ARCHIVED';
    account.UpdatedDateUTC = msDate(context.now, true);
    return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Accounts', 'Account', [account]);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}
