import type { FastifyRequest } from 'fastify';
import { type ZohoAnswer, ZohoError, zohoError, zohoSuccess } from '../answers.js';
import { readJsonObject } from '../body.js';
import { ZOHO_ERRORS, ZOHO_SUCCESS } from '../messages.js';
import type { HandlerContext } from '../routes.js';
import { zohoDateTime } from '../time.js';
import { type AccountRules, buildAccount, checkNewAccount } from './rules.js';
import type { AccountStore } from './store.js';
import type { ZohoAccount } from './types.js';

const copy = (account: ZohoAccount): ZohoAccount => structuredClone(account);

function answering(run: () => ZohoAnswer): ZohoAnswer {
  try {
    return run();
  } catch (error) {
    if (error instanceof ZohoError) return error.answer;
    throw error;
  }
}

function accountOf(req: FastifyRequest, organization: AccountStore): ZohoAccount {
  const account = organization.records.get((req.params as { account_id?: string }).account_id ?? '');
  if (account === undefined) throw new ZohoError(zohoError(404, ZOHO_ERRORS.accountNotFound));
  return account;
}

/**
 * `PUT /chartofaccounts/{account_id}` (Update an account): the create's body and rules, the
 * account's own name and code no clash; it keeps its id, creation time, status and origin, and
 * its modification time moves on.
 */
export function updateAccount(req: FastifyRequest, context: HandlerContext, organization: AccountStore, rules: AccountRules): ZohoAnswer {
  return answering(() => {
    const old = accountOf(req, organization);
    const input = checkNewAccount(readJsonObject(req), organization, rules, old.account_id);
    const built = buildAccount(input, old.account_id, context.now, rules);
    const account: ZohoAccount = {
      ...built,
      is_active: old.is_active,
      is_system_account: old.is_system_account,
      is_user_created: old.is_user_created,
      created_time: old.created_time,
    };
    organization.replace(account);
    return zohoSuccess(200, ZOHO_SUCCESS.updated, { chart_of_account: copy(account) });
  });
}

/** `POST /chartofaccounts/{account_id}/active` and `/inactive` (Mark an account as active / inactive). */
export function markAccount(
  req: FastifyRequest,
  context: HandlerContext,
  organization: AccountStore,
  rules: AccountRules,
  active: boolean,
): ZohoAnswer {
  return answering(() => {
    const old = accountOf(req, organization);
    organization.replace({ ...old, is_active: active, last_modified_time: zohoDateTime(context.now, rules.utcOffsetMinutes) });
    return zohoSuccess(200, active ? ZOHO_SUCCESS.active : ZOHO_SUCCESS.inactive, {});
  });
}

/** `DELETE /chartofaccounts/{account_id}` (Delete an account): gone from every list; Zoho's own accounts stay. */
export function deleteAccount(req: FastifyRequest, organization: AccountStore): ZohoAnswer {
  return answering(() => {
    const account = accountOf(req, organization);
    if (account.is_system_account) return zohoError(400, ZOHO_ERRORS.systemAccount);
    organization.remove(account.account_id);
    return zohoSuccess(200, ZOHO_SUCCESS.deleted, {});
  });
}
