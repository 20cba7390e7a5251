import { z } from 'zod';
import type { JsonNumber } from '../exact-json.js';
import { AMOUNT_LIMITS, type AmountLimits, amountSchema, amountViolation } from '../money.js';
import {
  ACCOUNT_STATUSES,
  type AccountStatus,
  ACCOUNT_TYPE_NAMES,
  ACCOUNT_TYPES,
  type AccountType,
  CLASSIFICATIONS,
  type Classification,
  canonical,
} from '../vocabulary.js';
import type { SyncError, SyncStatus } from './sync.js';

/**
 * Most keys `field_mappings` may hold. A connection maps a handful of provider fields (the
 * providers' `mappable_fields`), so more keys could only be refused one by one, at a cost.
 */
export const MAX_FIELD_MAPPINGS = 50;

/**
 * `UnifiedAccountingAccountInput` from Panora's OpenAPI document. Every field is optional and
 * nullable there; which ones a push needs depends on the connection's provider and is checked
 * separately (see checkAccount below), so that a malformed body (400) and a body the provider cannot
 * take (422) are told apart.
 *
 * Unknown fields are rejected: a misspelt field silently dropped would be a value lost.
 */
export const accountInputSchema = z
  .object({
    name: z.string().trim().min(1).max(255).nullish(),
    description: z.string().max(4000).nullish(),
    classification: z.string().trim().min(1).max(64).nullish(),
    type: z.string().trim().min(1).max(64).nullish(),
    status: z.string().trim().min(1).max(32).nullish(),
    // A JSON number kept as its digits (money.ts); its bounds are checked with the currency (422).
    current_balance: amountSchema.nullish(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')
      .transform((code) => code.toUpperCase())
      .nullish(),
    account_number: z.string().trim().min(1).max(64).nullish(),
    parent_account: z.uuid().nullish(),
    company_info_id: z.string().trim().min(1).max(255).nullish(),
    field_mappings: z
      .record(z.string().min(1).max(128), z.unknown())
      .refine((mappings) => Object.keys(mappings).length <= MAX_FIELD_MAPPINGS, {
        error: (issue) =>
          `holds ${Object.keys(issue.input as object).length} keys; at most ${MAX_FIELD_MAPPINGS} keys are taken (one per provider field the connection maps)`,
        abort: true,
      })
      .meta({ maxProperties: MAX_FIELD_MAPPINGS })
      .nullish(),
  })
  .strict();

/** A valid body as intake hands it on (amounts as exact digits). */
export type AccountInput = z.infer<typeof accountInputSchema>;
/** A request body as a client writes it (amounts as JSON numbers). */
export type AccountBody = z.input<typeof accountInputSchema>;

/**
 * What a warning tells the client:
 * - `not_sent`: a field the provider has no place for: stored and returned, but not sent;
 * - `side_effect`: the provider does more than create the account (Pennylane creates a supplier for
 *   a number starting with 401, a company customer for one starting with 411).
 */
export const ACCOUNT_WARNING_CODES = ['not_sent', 'side_effect'] as const;

/** Something the client should know about how the provider takes the account (see the codes). */
export interface AccountWarning {
  field: string;
  code: (typeof ACCOUNT_WARNING_CODES)[number];
  message: string;
}

/**
 * `UnifiedAccountingAccountOutput`, plus ledgersync's extra fields: `sync` (the push's state) and
 * `warnings`. Clients written for Panora ignore the extras.
 */
export interface AccountOutput {
  id: string;
  name: string | null;
  description: string | null;
  classification: string | null;
  type: string | null;
  status: string | null;
  /** The stored digits, written as a bare JSON number (exact-json.ts). */
  current_balance: JsonNumber | null;
  currency: string | null;
  account_number: string | null;
  parent_account: string | null;
  company_info_id: string | null;
  field_mappings: Record<string, unknown> | null;
  remote_id: string | null;
  remote_data: unknown;
  created_at: string;
  modified_at: string;
  sync: {
    status: SyncStatus;
    attempts: number;
    last_error: SyncError | null;
    last_attempt_at: string | null;
    synced_at: string | null;
  };
  warnings: AccountWarning[];
  /** Where the record came from: read at the provider (`pulled`) or created through ledgersync (`pushed`). */
  origin: 'pulled' | 'pushed';
  /** When the provider deleted or archived it (RFC 3339; the record is kept); null while it has it. */
  remote_deleted_at: string | null;
}

// Capabilities: what a provider can take of an account (data, read by /meta and the intake).

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

/** What ledgersync knows of a connection's company, where a provider's limits depend on it. */
export interface ConnectedCompany {
  /** ISO 3166-1 alpha-2 (`connections.company_country`); null when unknown. */
  country: string | null;
}

type LengthLimited = 'name' | 'description' | 'account_number';

/** A provider's account capabilities: data, so `/meta` and intake checks read the same source. */
export interface AccountCapabilities {
  provider: string;
  displayName: string;
  fields: Record<AccountField, FieldSupport>;
  /** Unified types the provider can map. */
  types: readonly AccountType[];
  /** Statuses an account can be created with; unset: every status. */
  statuses?: readonly AccountStatus[];
  maxLength: Partial<Record<LengthLimited, number>>;
  /** Why a limit is what it is, added to the 422 (a limit that depends on the company). */
  maxLengthNotes?: Partial<Record<LengthLimited, string>>;
  /** These capabilities for one connection's company (QuickBooks' AcctNum by country); unset: the same for every company. */
  forCompany?: (company: ConnectedCompany) => AccountCapabilities;
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
export function checkAccount(
  input: AccountInput,
  caps: AccountCapabilities,
  fieldMappings: Readonly<Record<string, string>> = {},
): AccountCheck {
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
    if (!status) {
      issues.push({ field: 'status', code: 'unsupported_value', message: `"${rawStatus}" is not a status`, accepted: ACCOUNT_STATUSES });
    } else if (caps.statuses && !caps.statuses.includes(status)) {
      const message = `${caps.displayName} cannot create an account with status "${status}"`;
      issues.push({ field: 'status', code: 'unsupported_value', message, accepted: caps.statuses });
    } else {
      account.status = status;
    }
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

  for (const [field, max] of Object.entries(caps.maxLength) as [LengthLimited, number][]) {
    const value = input[field];
    if (typeof value === 'string' && value.length > max) {
      const note = caps.maxLengthNotes?.[field];
      const message = `${caps.displayName} takes at most ${max} characters in ${field}${note ? ` (${note})` : ''}`;
      issues.push({ field, code: 'too_long', message });
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
