import { type ZohoAccountType, isZohoAccountType } from './account-types.js';
import { ZohoError, invalidField, zohoError } from '../answers.js';
import { ZOHO_ERRORS } from '../messages.js';
import type { AccountStore } from './store.js';
import { zohoDateTime } from '../time.js';
import type { ZohoCurrency } from '../types.js';
import type { ZohoAccount, ZohoCustomField } from './types.js';

/** The organisation settings the create rules read. */
export interface AccountRules {
  /** Base currency first. */
  currencies: readonly ZohoCurrency[];
  uniqueAccountCodes: boolean;
  utcOffsetMinutes: number;
  /** account_ids start after FIRST_ACCOUNT_ID plus this (the fake's `idsAfter`). */
  idsAfter: number;
}

/** A create body that passed the rules. */
export interface NewAccount {
  name: string;
  type: ZohoAccountType;
  code: string;
  description: string;
  currency: ZohoCurrency;
  parent: ZohoAccount | undefined;
  showOnDashboard: boolean;
  canShowInZe: boolean;
  includeInVatReturn: boolean;
  customFields: ZohoCustomField[];
}

// JSON null reads as absent, as Zoho's JSON library leaves such keys unset.
function given(body: Record<string, unknown>, field: string): unknown {
  const value = body[field];
  return value === null ? undefined : value;
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = given(body, field);
  if (value === undefined) return undefined;
  // Zoho's parser turns a JSON number into text where it expects text (an account code of 1000).
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalidField(field);
  return value;
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = optionalText(body, field)?.trim();
  if (!value) throw invalidField(field);
  return value;
}

function optionalFlag(body: Record<string, unknown>, field: string): boolean {
  const value = given(body, field);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalidField(field);
  return value;
}

/** `[{customfield_id, value}]` (or `label` / `api_name` instead of the id), as Zoho's other writes take them. */
function customFields(body: Record<string, unknown>): ZohoCustomField[] {
  const value = given(body, 'custom_fields');
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidField('custom_fields');
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || !('value' in entry)) throw invalidField('custom_fields');
    const field = entry as Record<string, unknown>;
    const names = (['customfield_id', 'label', 'api_name'] as const).filter(
      (name) => typeof field[name] === 'string' && field[name] !== '',
    );
    if (names.length === 0) throw invalidField('custom_fields');
    const kept: ZohoCustomField = { value: field.value };
    for (const name of names) kept[name] = field[name] as string;
    return kept;
  });
}

/**
 * Zoho Books' rules for a new account (Chart of Accounts, "Create an account"): account_name and
 * account_type required, the type one of Zoho's, a currency_id the organisation has, a parent
 * that exists in the organisation and has the same type, a name (and, as a setting, a code) no
 * other account holds. Zoho answers the first broken rule only.
 */
export function checkNewAccount(
  body: Record<string, unknown>,
  organization: AccountStore,
  rules: AccountRules,
  /** The account an update rewrites: its own name, code and id are not a clash. */
  updating?: string,
): NewAccount {
  const name = requiredText(body, 'account_name');
  const type = requiredText(body, 'account_type');
  if (!isZohoAccountType(type)) throw invalidField('account_type');
  const code = optionalText(body, 'account_code')?.trim() ?? '';
  const description = optionalText(body, 'description') ?? '';

  const currencyId = optionalText(body, 'currency_id');
  const base = rules.currencies[0];
  if (base === undefined) throw new Error('the Zoho Books fake needs at least one currency');
  const currency = currencyId === undefined || currencyId === '' ? base : rules.currencies.find((c) => c.currency_id === currencyId);
  if (currency === undefined) throw invalidField('currency_id');

  const parentId = optionalText(body, 'parent_account_id');
  const parent = parentId === undefined || parentId === '' ? undefined : organization.records.get(parentId);
  if (parentId && (parent === undefined || parentId === updating)) throw invalidField('parent_account_id');

  const flags = {
    showOnDashboard: optionalFlag(body, 'show_on_dashboard'),
    canShowInZe: optionalFlag(body, 'can_show_in_ze'),
    includeInVatReturn: optionalFlag(body, 'include_in_vat_return'),
  };
  const fields = customFields(body);

  if (organization.taken('name', name, updating)) throw new ZohoError(zohoError(400, ZOHO_ERRORS.duplicateName(name)));
  if (rules.uniqueAccountCodes && code !== '' && organization.taken('code', code, updating)) {
    throw new ZohoError(zohoError(400, ZOHO_ERRORS.duplicateCode(code)));
  }
  if (parent !== undefined && parent.account_type !== type) throw new ZohoError(zohoError(400, ZOHO_ERRORS.parentTypeMismatch));
  return { name, type, code, description, currency, parent, ...flags, customFields: fields };
}

/** The account Zoho stores for a body that passed {@link checkNewAccount}: always active, no transactions. */
export function buildAccount(input: NewAccount, accountId: string, now: number, rules: AccountRules): ZohoAccount {
  const time = zohoDateTime(now, rules.utcOffsetMinutes);
  return {
    account_id: accountId,
    account_name: input.name,
    account_code: input.code,
    account_type: input.type,
    is_active: true,
    currency_id: input.currency.currency_id,
    currency_code: input.currency.currency_code,
    description: input.description,
    is_system_account: false,
    is_involved_in_transaction: false,
    is_user_created: true,
    can_show_in_ze: input.canShowInZe,
    show_on_dashboard: input.showOnDashboard,
    include_in_vat_return: input.includeInVatReturn,
    custom_fields: input.customFields,
    parent_account_id: input.parent?.account_id ?? '',
    parent_account_name: input.parent?.account_name ?? '',
    depth: input.parent === undefined ? 0 : input.parent.depth + 1,
    has_transaction: false,
    documents: [],
    created_time: time,
    last_modified_time: time,
  };
}
