import type { FastifyRequest } from 'fastify';
import { mediaType, rawBody } from '../../shared/http.js';
import { XeroError, notFound, recordsAnswer, unsupportedMediaType, validationException } from '../answers.js';
import type { XeroAnswer } from '../answers.js';
import { msDate } from '../render.js';
import type { HandlerContext } from '../routes.js';
import { accountTypeInfo } from './account-types.js';
import { type AccountInput, parseCreateBody } from './body.js';
import { MESSAGES } from './messages.js';
import { checkCode, checkName } from './rules.js';
import type { AccountStore } from './store.js';
import type { XeroAccount } from './types.js';

/** Xero's own answer to a refused update: a ValidationException echoing the account sent. */
function refused(element: Record<string, unknown>, messages: string[]): XeroAnswer {
  return validationException([{ type: 'Account', element, messages }]);
}

const BANK_DETAILS = ['BankAccountNumber', 'BankAccountType', 'CurrencyCode'] as const;

/** Why an update of the account's details is refused (every reason, as Xero lists them), or none. */
function detailProblems(account: XeroAccount, input: AccountInput, store: AccountStore): string[] {
  if (account.Status === 'ARCHIVED') return [MESSAGES.archivedNotUpdatable];
  const messages: string[] = [];
  if (input.Code !== undefined) messages.push(...checkCode(input.Code, store, account.AccountID));
  if (input.Name !== undefined) messages.push(...checkName(input.Name, store, account.AccountID));
  if (input.Type !== undefined && input.Type !== account.Type) {
    if (input.Type === 'BANK') messages.push(MESSAGES.typeToBank);
    else if (account.SystemAccount) messages.push(MESSAGES.systemTypeChange);
  }
  if (input.Description !== undefined && input.Description.length > 4000) messages.push(MESSAGES.tooLong('Description', 4000));
  for (const field of BANK_DETAILS) if (input[field] !== undefined) messages.push(MESSAGES.bankDetailsNotBank(field));
  return messages;
}

/** The account with the update's details applied: Class follows the Type, as Xero derives it. */
function withDetails(account: XeroAccount, input: AccountInput, now: number): XeroAccount {
  const type = input.Type ?? account.Type;
  const info = accountTypeInfo(type);
  return {
    ...account,
    ...(input.Code !== undefined ? { Code: input.Code.trim() } : {}),
    ...(input.Name !== undefined ? { Name: input.Name.trim() } : {}),
    Type: type,
    ...(info ? { Class: info.class } : {}),
    ...(input.Description !== undefined ? { Description: input.Description } : {}),
    ...(input.TaxType !== undefined ? { TaxType: input.TaxType } : {}),
    ...(input.ReportingCode !== undefined ? { ReportingCode: input.ReportingCode } : {}),
    ...(input.EnablePaymentsToAccount !== undefined ? { EnablePaymentsToAccount: input.EnablePaymentsToAccount } : {}),
    ...(input.ShowInExpenseClaims !== undefined ? { ShowInExpenseClaims: input.ShowInExpenseClaims } : {}),
    ...(input.AddToWatchlist !== undefined ? { AddToWatchlist: input.AddToWatchlist } : {}),
    UpdatedDateUTC: msDate(now, true),
  };
}

/**
 * `POST /Accounts/{AccountID}` (updateAccount). Either the Status alone, to archive ("Accounts with
 * a status of ACTIVE can be updated to ARCHIVED", Xero's OpenAPI document; never a system account),
 * or details (Code, Name, Type, Description, TaxType, ...), never both in one request ("Cannot update
 * account details and STATUS on the same request"). A BANK account is never updated. Any other
 * Status change is refused (the docs give none).
 */
export function updateAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  const account = store.byId((req.params as { AccountID?: string }).AccountID);
  if (account === undefined) return notFound();
  if (mediaType(req) !== 'application/json') return unsupportedMediaType(req.headers['content-type'], context.instance);
  try {
    const parsed = parseCreateBody(rawBody(req), context.options.schemaErrorStyle);
    const element = { ...parsed.element, AccountID: account.AccountID };
    if (parsed.schemaMessages.length > 0) return refused(element, parsed.schemaMessages);
    const status = parsed.input.Status;
    const details = Object.keys(parsed.element).some((key) => key !== 'AccountID' && key !== 'Status');
    if (status !== undefined && details) return refused(element, [MESSAGES.statusWithDetails]);
    if (account.Type === 'BANK') return refused(element, [MESSAGES.bankNotUpdatable]);
    let updated: XeroAccount;
    if (status !== undefined) {
      if (account.SystemAccount) return refused(element, [MESSAGES.systemNotArchivable]);
      if (account.Status !== 'ACTIVE' || status !== 'ARCHIVED') return refused(element, [MESSAGES.statusChange(account.Status, status)]);
      updated = { ...account, Status: 'ARCHIVED', UpdatedDateUTC: msDate(context.now, true) };
    } else {
      const problems = detailProblems(account, parsed.input, store);
      if (problems.length > 0) return refused(element, problems);
      updated = withDetails(account, parsed.input, context.now);
    }
    store.update(updated.AccountID, updated);
    return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Accounts', 'Account', [updated]);
  } catch (error) {
    if (error instanceof XeroError) return error.answer;
    throw error;
  }
}

/**
 * `DELETE /Accounts/{AccountID}` (deleteAccount): only an account no transaction uses, and never a
 * system account (help.xero.com). Xero answers the account with Status DELETED (the OpenAPI
 * example); it cannot be restored, and the fake forgets it: it is no longer listed nor read (the
 * docs do not say whether Xero lists a deleted account; the fake takes the stricter reading).
 */
export function deleteAccount(req: FastifyRequest, context: HandlerContext, store: AccountStore): XeroAnswer {
  const account = store.byId((req.params as { AccountID?: string }).AccountID);
  if (account === undefined) return notFound();
  const element = { AccountID: account.AccountID, Code: account.Code, Name: account.Name, Type: account.Type };
  if (account.SystemAccount) return refused(element, [MESSAGES.systemNotDeletable]);
  if (store.used.has(account.AccountID)) return refused(element, [MESSAGES.usedNotDeletable]);
  store.remove(account.AccountID);
  store.created.delete(account.AccountID);
  const deleted: XeroAccount = { ...account, Status: 'DELETED', UpdatedDateUTC: msDate(context.now, true) };
  return recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Accounts', 'Account', [deleted]);
}
