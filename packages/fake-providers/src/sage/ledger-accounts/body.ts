import { diagnosis, recordInvalid } from '../answers.js';
import type { SageAnswer, SageDiagnosis } from '../answers.js';
import { VISIBILITY_AREAS } from '../ledger-account-types/table.js';
import type { VisibilityArea } from '../ledger-account-types/table.js';
import { MESSAGES } from './messages.js';

type VisibleIn = { [K in VisibilityArea as `visible_in_${K}`]?: boolean };

/** The `ledger_account` object of `POST /ledger_accounts`, fields typed; absent when not sent (or null). */
export interface LedgerAccountInput extends VisibleIn {
  ledger_account_type_id?: string;
  included_in_chart?: boolean;
  name?: string;
  display_name?: string;
  nominal_code?: number;
  ledger_account_classification_id?: string;
  tax_rate_id?: string;
  fixed_tax_rate?: boolean;
  is_control_account?: boolean;
  control_name?: string;
  tax_recoverable?: boolean;
  recoverable_percentage?: number;
  non_recoverable_ledger_account_id?: string;
  cis_materials?: boolean;
  cis_labour?: boolean;
  tax_instalment?: boolean;
  gifi_code?: number;
  /** Read by the gateway (`idempotency.ts`); not stored on the account. */
  idempotency_id?: string;
}

type Kind = 'string' | 'boolean' | 'integer' | 'number';

/** Every attribute `POST /ledger_accounts` takes (Sage's `postLedgerAccounts.ledger_account` schema) and its JSON kind. */
const ATTRIBUTES: Readonly<Record<keyof LedgerAccountInput, Kind>> = {
  ledger_account_type_id: 'string',
  included_in_chart: 'boolean',
  name: 'string',
  display_name: 'string',
  nominal_code: 'integer',
  ledger_account_classification_id: 'string',
  tax_rate_id: 'string',
  fixed_tax_rate: 'boolean',
  ...(Object.fromEntries(VISIBILITY_AREAS.map((area) => [`visible_in_${area}`, 'boolean'])) as Record<
    `visible_in_${VisibilityArea}`,
    Kind
  >),
  is_control_account: 'boolean',
  control_name: 'string',
  tax_recoverable: 'boolean',
  recoverable_percentage: 'number',
  non_recoverable_ledger_account_id: 'string',
  cis_materials: 'boolean',
  cis_labour: 'boolean',
  tax_instalment: 'boolean',
  gifi_code: 'integer',
  // Sage's idempotency guide: an `idempotency_id` "in the namespace of the resource".
  idempotency_id: 'string',
};

const REQUIRED = ['ledger_account_type_id', 'included_in_chart', 'name', 'display_name', 'nominal_code'] as const;

const KIND_MESSAGES: Record<Kind, string> = {
  string: MESSAGES.notString,
  boolean: MESSAGES.notBoolean,
  integer: MESSAGES.notInteger,
  number: MESSAGES.notNumber,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKind(value: unknown, kind: Kind): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === kind;
}

export type ParsedBody = { ok: true; input: LedgerAccountInput } | { ok: false; answer: SageAnswer };

/**
 * Reads a `POST /ledger_accounts` body: JSON, wrapped `{"ledger_account": {...}}`, attributes of
 * Sage's schema only (an unknown one is refused, naming it in `$source`), each of its JSON type,
 * the five required ones present (null counts as absent, a blank string as missing). Every
 * problem is listed in one 422, as Sage lists them. A `PUT /ledger_accounts/{key}` body is read
 * alike, nothing required (`putLedgerAccounts.ledger_account` marks every attribute optional).
 */
export function parseLedgerAccountBody(text: string | undefined, required: readonly string[] = REQUIRED): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return { ok: false, answer: recordInvalid([diagnosis('RecordInvalid', MESSAGES.invalidJson)]) };
  }
  const account = isRecord(body) ? body.ledger_account : undefined;
  if (!isRecord(account)) {
    return { ok: false, answer: recordInvalid([diagnosis('RecordInvalid', MESSAGES.missingRoot('ledger_account'), 'ledger_account')]) };
  }

  const problems: SageDiagnosis[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(account)) {
    if (!Object.hasOwn(ATTRIBUTES, key)) {
      problems.push(diagnosis('RecordInvalid', MESSAGES.unknownAttribute(key), key));
      continue;
    }
    if (value === null) continue;
    const kind = ATTRIBUTES[key as keyof LedgerAccountInput];
    if (!hasKind(value, kind)) problems.push(diagnosis('RecordInvalid', KIND_MESSAGES[kind], key));
    else input[key] = value;
  }
  for (const key of required) {
    const value = input[key];
    const invalid = problems.some((p) => p.$source === key);
    if (!invalid && (value === undefined || (typeof value === 'string' && value.trim() === ''))) {
      problems.push(diagnosis('RecordInvalid', MESSAGES.required, key));
    }
  }
  return problems.length > 0 ? { ok: false, answer: recordInvalid(problems) } : { ok: true, input: input as LedgerAccountInput };
}
