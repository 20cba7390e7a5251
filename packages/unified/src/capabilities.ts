import type { AccountInput, AccountWarning } from './account.js';
import { AMOUNT_LIMITS, type AmountLimits, amountViolation } from './money.js';
import {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPE_NAMES,
  ACCOUNT_TYPES,
  type AccountType,
  CLASSIFICATIONS,
  type Classification,
  canonical,
} from './vocabulary.js';

export type AccountField = Exclude<keyof AccountInput, 'field_mappings'>;

/**
 * What a provider does with each unified field:
 * - `required`: the push cannot be made without it (422 when missing);
 * - `sent`: mapped to a provider field when present;
 * - `ignored`: the provider has no place for it; a value is stored, returned, not sent, and reported
 *   as a warning on the account;
 * - `rejected`: dropping it would change the account's meaning (a sub-account on a provider without
 *   hierarchy): a value is refused with 422;
 * - `stored`: a ledgersync reference that never goes to a provider (`company_info_id`).
 */
export type FieldSupport = 'required' | 'sent' | 'ignored' | 'rejected' | 'stored';

/** A provider's account capabilities: data, so `/meta` and intake checks read the same source. */
export interface AccountCapabilities {
  provider: string;
  displayName: string;
  fields: Record<AccountField, FieldSupport>;
  /** Unified types the provider can map. */
  types: readonly AccountType[];
  maxLength: Partial<Record<'name' | 'description' | 'account_number', number>>;
  /**
   * The most decimals and digits the provider takes in an amount it is sent (under the currency's
   * own minor units); unset: {@link AMOUNT_LIMITS}, what any amount must fit.
   */
  amountLimits?: AmountLimits;
  /** Characters the provider refuses in an account name. */
  forbiddenNameCharacters?: string;
  /** Rules that depend on several fields at once (QuickBooks' opening balance, ...). */
  refine?: (account: NormalizedAccount) => { issues: AccountIssue[]; warnings: AccountWarning[] };
}

export interface AccountIssue {
  field: string;
  code: 'required' | 'unsupported_value' | 'not_supported' | 'too_long' | 'invalid';
  message: string;
  accepted?: readonly string[];
}

/** The input with vocabulary words in their canonical spelling and the classification derived. */
export type NormalizedAccount = Omit<AccountInput, 'type' | 'classification' | 'status'> & {
  type?: AccountType | null;
  classification?: Classification | null;
  status?: (typeof ACCOUNT_STATUSES)[number] | null;
};

export interface AccountCheck {
  account: NormalizedAccount;
  issues: AccountIssue[];
  warnings: AccountWarning[];
}

const present = (value: unknown) => value !== undefined && value !== null;

/**
 * Checks a valid unified body against what one provider can take, and its `field_mappings` slugs
 * against the connection's mappings (slug → provider field).
 */
export function checkAccount(input: AccountInput, caps: AccountCapabilities, fieldMappings: Readonly<Record<string, string>> = {}): AccountCheck {
  const issues: AccountIssue[] = [];
  const warnings: AccountWarning[] = [];
  const { type: rawType, classification: rawClassification, status: rawStatus, ...rest } = input;
  const account: NormalizedAccount = { ...rest };

  if (present(rawType)) {
    const type = canonical(ACCOUNT_TYPE_NAMES, rawType as string);
    if (!type || !caps.types.includes(type)) {
      issues.push({
        field: 'type',
        code: 'unsupported_value',
        message: `${caps.displayName} cannot take type "${rawType}"`,
        accepted: caps.types,
      });
    } else {
      account.type = type;
      account.classification = ACCOUNT_TYPES[type];
    }
  }
  if (present(rawClassification)) {
    const classification = canonical(CLASSIFICATIONS, rawClassification as string);
    if (!classification) {
      issues.push({
        field: 'classification',
        code: 'unsupported_value',
        message: `"${rawClassification}" is not a classification`,
        accepted: CLASSIFICATIONS,
      });
    } else if (account.classification && account.classification !== classification) {
      issues.push({
        field: 'classification',
        code: 'invalid',
        message: `type "${account.type}" is a ${account.classification} account, not ${classification}`,
        accepted: [account.classification],
      });
    } else {
      account.classification = classification;
    }
  }
  if (present(rawStatus)) {
    const status = canonical(ACCOUNT_STATUSES, rawStatus as string);
    if (status) account.status = status;
    else issues.push({ field: 'status', code: 'unsupported_value', message: `"${rawStatus}" is not a status`, accepted: ACCOUNT_STATUSES });
  }

  for (const [field, support] of Object.entries(caps.fields) as [AccountField, FieldSupport][]) {
    const value = input[field];
    if (support === 'required' && !present(value)) {
      issues.push({
        field,
        code: 'required',
        message: `${caps.displayName} requires ${field}`,
        ...(field === 'type' ? { accepted: caps.types } : {}),
      });
    } else if (support === 'rejected' && present(value)) {
      issues.push({ field, code: 'not_supported', message: `${caps.displayName} has no ${field}; it cannot be sent` });
    } else if (support === 'ignored' && present(value)) {
      warnings.push({ field, code: 'not_sent', message: `${caps.displayName} has no place for ${field}: stored, not sent` });
    }
  }

  for (const [field, max] of Object.entries(caps.maxLength) as [keyof AccountCapabilities['maxLength'], number][]) {
    const value = input[field];
    if (typeof value === 'string' && value.length > max) {
      issues.push({ field, code: 'too_long', message: `${caps.displayName} takes at most ${max} characters in ${field}` });
    }
  }
  // Money is refused, not rounded: more decimals than the currency has, or digits past what the
  // provider takes, would be a different amount in the books.
  if (present(input.current_balance)) {
    const limits = caps.fields.current_balance === 'sent' ? (caps.amountLimits ?? AMOUNT_LIMITS) : AMOUNT_LIMITS;
    const violation = amountViolation(input.current_balance, input.currency, limits);
    if (violation) issues.push({ field: 'current_balance', code: 'invalid', message: `current_balance ${violation}` });
  }

  const forbidden = caps.forbiddenNameCharacters;
  if (forbidden && typeof input.name === 'string' && [...forbidden].some((c) => input.name?.includes(c))) {
    issues.push({ field: 'name', code: 'invalid', message: `${caps.displayName} refuses these characters in a name: ${forbidden}` });
  }

  // field_mappings: a slug reaches the provider only under the name the connection maps it to; an
  // unmapped one would be dropped or guessed, so it is refused.
  for (const slug of Object.keys(input.field_mappings ?? {})) {
    if (Object.hasOwn(fieldMappings, slug)) continue;
    const known = Object.keys(fieldMappings);
    issues.push({
      field: `field_mappings.${slug}`,
      code: 'not_supported',
      message: `"${slug}" is not mapped to a ${caps.displayName} field on this connection${known.length ? '' : ' (it has no mappings)'}; map it with PUT /connection/field_mappings/${slug}`,
      accepted: known,
    });
  }

  if (issues.length === 0 && caps.refine) {
    const refined = caps.refine(account);
    issues.push(...refined.issues);
    warnings.push(...refined.warnings);
  }
  return { account, issues, warnings };
}
