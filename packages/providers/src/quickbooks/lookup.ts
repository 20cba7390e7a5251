import { ProviderRejected, UnexpectedResponse } from '../errors.js';
import type { PushContext } from '../types.js';
import type { QuickbooksAccountPayload } from './accounts.js';
import { DUPLICATE_NAME, faultErrors, pick, quickbooksFailure, sendQuickbooks } from './client.js';

/**
 * Finding the Account an earlier create made, when its answer was lost or QuickBooks answered
 * 6240 (the Name is taken). Facts and sources: NOTES.md beside this file.
 */

/** An Account as QuickBooks answered it, with the answer it came in. */
export interface FoundAccount {
  id: string;
  account: unknown;
  /** The raw body of `GET /account/{Id}`, kept as the account's remote data. */
  body: unknown;
}

// A Name is unique among a company's accounts, so one page holds every candidate; a few more
// pages only cover a company where QuickBooks keeps the same Name under several parents.
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

/** A string literal of Intuit's query language: in single quotes, a quote or backslash escaped with a backslash. */
export function queryLiteral(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

const text = (record: unknown, key: string) => {
  const value = pick(record, key);
  return typeof value === 'string' ? value : undefined;
};

/**
 * Whether an Account is the one `body` creates: the same Name (a sub-account's Name is its own,
 * FullyQualifiedName adds the parents), AccountType, AccountSubType, parent, and number when one
 * is sent. The Name is compared exactly: one that differs only in case is another record's, which
 * QuickBooks refuses as a duplicate all the same.
 */
export function isCreatedFrom(account: unknown, body: QuickbooksAccountPayload): boolean {
  const parent = pick(pick(account, 'ParentRef'), 'value');
  const subType = text(account, 'AccountSubType');
  return (
    text(account, 'Name')?.trim() === body.Name.trim() &&
    text(account, 'AccountType') === body.AccountType &&
    (body.AccountSubType === undefined || subType === undefined || subType === body.AccountSubType) &&
    (typeof parent === 'string' || typeof parent === 'number' ? String(parent) : undefined) === body.ParentRef?.value &&
    (body.AcctNum === undefined || text(account, 'AcctNum') === body.AcctNum)
  );
}

/** `GET /account/{Id}`: the Account, or the `ProviderError` its answer means. */
export async function readAccount(context: PushContext, id: string): Promise<FoundAccount> {
  const response = await sendQuickbooks(context, { method: 'GET', path: `/account/${encodeURIComponent(id)}` });
  const failure = quickbooksFailure(response);
  if (failure) throw failure;
  const account = pick(response.body, 'account');
  if (!account || typeof account !== 'object') {
    throw new UnexpectedResponse('quickbooks', 'QuickBooks answered a read without an Account', { status: response.status });
  }
  return { id, account, body: response.body };
}

/**
 * The Account `body` creates, looked up by Name through the query API (inactive ones included:
 * a name list answers active records only unless the query asks), then read by its Id. Null when
 * there is none, and when QuickBooks refuses the query: the create decides then.
 */
export async function findCreated(context: PushContext, body: QuickbooksAccountPayload): Promise<FoundAccount | null> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const query =
      `select * from Account where Name = ${queryLiteral(body.Name)} and Active in (true, false)` +
      ` startposition ${page * PAGE_SIZE + 1} maxresults ${PAGE_SIZE}`;
    const response = await sendQuickbooks(context, { method: 'GET', path: '/query', query: { query } });
    const failure = quickbooksFailure(response);
    if (failure instanceof ProviderRejected) return null;
    if (failure) throw failure;
    const answer = pick(response.body, 'queryresponse');
    if (!answer || typeof answer !== 'object') {
      throw new UnexpectedResponse('quickbooks', 'QuickBooks answered a query without a QueryResponse', { status: response.status });
    }
    // `{}` when nothing matches.
    const rows = pick(answer, 'account');
    const list: unknown[] = Array.isArray(rows) ? rows : [];
    const match = list.find((row) => isCreatedFrom(row, body));
    const id = text(match, 'Id');
    if (id) {
      const found = await readAccount(context, id);
      return isCreatedFrom(found.account, body) ? found : null;
    }
    if (list.length < PAGE_SIZE) return null;
  }
  return null;
}

/**
 * After a 6240: the Account holding the Name, when it is the one `body` creates. Its Id is read
 * from the Detail ("... : Id=123"); a Detail without one is looked up by Name. Null when the
 * holder is another account (the 6240 stands); a transient failure of the read is thrown.
 */
export async function findDuplicateHolder(
  context: PushContext,
  duplicate: unknown,
  body: QuickbooksAccountPayload,
): Promise<FoundAccount | null> {
  const detail = faultErrors(duplicate).find((error) => error.code === DUPLICATE_NAME)?.detail ?? '';
  const id = /\bId=(\d+)/.exec(detail)?.[1];
  if (!id) return findCreated(context, body);
  try {
    const found = await readAccount(context, id);
    return isCreatedFrom(found.account, body) ? found : null;
  } catch (error) {
    // The Id named no Account this token reads (610, ...): the 6240 is the answer.
    if (error instanceof ProviderRejected) return null;
    throw error;
  }
}
