import type { CompanyFacts } from '../company.js';
import {
  businessValidation,
  deletedListElement,
  duplicateName,
  invalidEnumeration,
  objectNotFound,
  requiredParamMissing,
  staleObject,
  stringTooLong,
  unsupportedProperty,
} from '../faults.js';
import { accountTypeInfo } from './account-types.js';
import { MAX_DESCRIPTION, MAX_NAME, READ_ONLY, WRITABLE } from './input.js';
import type { AccountStore } from './store.js';
import type { QuickbooksAccount } from './types.js';

const BAD_PROPERTY = 'failed to parse json object; a property specified is unsupported or invalid';

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  throw unsupportedProperty(BAD_PROPERTY, key);
}

/**
 * An update of an Account, `POST /account` with its Id (`?operation=update` or not): the latest
 * SyncToken (else 5010), sparse (`"sparse": true`: only what is sent changes) or full (the Name is
 * required and an omitted AcctNum or Description is cleared). Intuit makes an account inactive this
 * way (`Active: false`), never deletes one; an inactive account takes no change but reactivation
 * (6000, as reported for name lists). Facts and sources: NOTES.md.
 */
export function updateAccount(store: AccountStore, body: Record<string, unknown>, now: number, company: CompanyFacts): QuickbooksAccount {
  for (const key of Object.keys(body)) {
    if (!WRITABLE.has(key) && !READ_ONLY.has(key)) throw unsupportedProperty(`Unrecognized field "${key}" specified is unsupported or invalid`, key);
  }
  const syncToken = text(body, 'SyncToken');
  if (syncToken === undefined) throw requiredParamMissing('SyncToken');
  const account = store.accounts.get(String(text(body, 'Id')));
  if (account === undefined) throw objectNotFound();
  if (syncToken !== account.SyncToken) throw staleObject();
  const sparse = body.sparse === true || body.sparse === 'true';
  const active = body.Active === undefined || body.Active === null ? undefined : body.Active === true || body.Active === 'true';
  if (!account.Active && active !== true) throw deletedListElement();

  const name = text(body, 'Name');
  if (name === undefined && !sparse) throw requiredParamMissing('Name');
  if (name !== undefined) {
    if (name === '') throw requiredParamMissing('Name');
    if (name.length > MAX_NAME) throw stringTooLong('Name', MAX_NAME, name.length);
    if (name.includes(':') || name.includes('"')) throw businessValidation('Account.Name must not contain double quotes (") or colon (:).', 'Name');
    const holder = store.holder('name', name);
    if (holder !== undefined && holder !== account.Id) throw duplicateName(holder);
  }
  const acctNum = text(body, 'AcctNum') || undefined;
  if (acctNum !== undefined) {
    if (acctNum.length > company.acctNumMax) throw stringTooLong('AcctNum', company.acctNumMax, acctNum.length);
    const holder = store.holder('acctNum', acctNum);
    if (holder !== undefined && holder !== account.Id) {
      throw businessValidation(`Another account is already using this number: ${acctNum}. Id=${holder}`, 'AcctNum');
    }
  }
  const description = text(body, 'Description');
  if (description !== undefined && description.length > MAX_DESCRIPTION) throw stringTooLong('Description', MAX_DESCRIPTION, description.length);
  const subType = text(body, 'AccountSubType');
  if (subType !== undefined && !accountTypeInfo(account.AccountType)?.subTypes.has(subType)) throw invalidEnumeration('AccountSubType', subType);
  if (active === false && store.system.has(account.Id)) {
    throw businessValidation(`${account.Name} is used by QuickBooks and cannot be made inactive.`, 'Active');
  }

  const before = { name: account.Name, acctNum: account.AcctNum };
  if (name !== undefined) account.Name = name;
  if (acctNum !== undefined) account.AcctNum = acctNum;
  else if (!sparse) delete account.AcctNum;
  if (description !== undefined) account.Description = description;
  else if (!sparse) delete account.Description;
  if (subType !== undefined) account.AccountSubType = subType;
  if (active !== undefined) account.Active = active;
  store.commitUpdate(account, before, now);
  return account;
}
