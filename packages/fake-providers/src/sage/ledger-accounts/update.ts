import type { SageDiagnosis } from '../answers.js';
import { diagnosis } from '../answers.js';
import { ledgerAccountType, VISIBILITY_AREAS } from '../ledger-account-types/table.js';
import type { LedgerAccountInput } from './body.js';
import { MESSAGES } from './messages.js';
import type { LedgerAccountLimits } from './rules.js';
import { buildLedgerAccount } from './rules.js';
import type { LedgerAccountStore } from './store.js';
import type { SageLedgerAccount } from './types.js';

// What Sage's help says a control account keeps: "You cannot edit or delete the Ledger Name,
// Category, or Category Group. However, you can remove all visibility"; nor can it be hidden.
const CONTROL_LOCKED = ['name', 'display_name', 'ledger_account_type_id', 'nominal_code', 'included_in_chart'] as const;

/** Sage's rules for a `PUT /ledger_accounts/{key}`: every broken one, or none. */
function checkUpdate(
  before: SageLedgerAccount,
  input: LedgerAccountInput,
  store: LedgerAccountStore,
  limits: LedgerAccountLimits,
): SageDiagnosis[] {
  const problems: SageDiagnosis[] = [];
  if (before.is_control_account) {
    const current: Record<(typeof CONTROL_LOCKED)[number], unknown> = {
      name: before.name,
      display_name: before.display_name,
      ledger_account_type_id: before.ledger_account_type.id,
      nominal_code: before.nominal_code,
      included_in_chart: before.included_in_chart,
    };
    for (const key of CONTROL_LOCKED) {
      if (input[key] !== undefined && input[key] !== current[key])
        problems.push(diagnosis('RecordInvalid', MESSAGES.controlAccountChange, key));
    }
  }
  if (input.control_name !== undefined && input.control_name !== before.control_name) {
    problems.push(diagnosis('RecordInvalid', MESSAGES.controlNameChange, 'control_name'));
  }
  if (input.ledger_account_type_id !== undefined && ledgerAccountType(input.ledger_account_type_id) === undefined) {
    problems.push(diagnosis('RecordInvalid', MESSAGES.invalidType(input.ledger_account_type_id), 'ledger_account_type_id'));
  }
  const code = input.nominal_code;
  if (code !== undefined && code !== before.nominal_code) {
    if (code < 1 || code > limits.maxNominalCode)
      problems.push(diagnosis('RecordInvalid', MESSAGES.nominalCodeRange(limits.maxNominalCode), 'nominal_code'));
    else if (store.taken(code)) problems.push(diagnosis('RecordInvalid', MESSAGES.nominalCodeTaken, 'nominal_code'));
  }
  for (const key of ['name', 'display_name'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (value.trim() === '') problems.push(diagnosis('RecordInvalid', MESSAGES.required, key));
    else if (value.trim().length > limits.maxNameLength)
      problems.push(diagnosis('RecordInvalid', MESSAGES.tooLong(limits.maxNameLength), key));
  }
  return problems;
}

/**
 * The account after the update: what the body sets over what it was (made as a create of the
 * merged attributes would make it), its id, creation time and control name kept, `updated_at` now.
 */
function applyUpdate(before: SageLedgerAccount, input: LedgerAccountInput, now: number): SageLedgerAccount {
  const visible = Object.fromEntries(
    VISIBILITY_AREAS.map((area) => [`visible_in_${area}`, input[`visible_in_${area}`] ?? before[`visible_in_${area}`]]),
  ) as Partial<LedgerAccountInput>;
  const keep = <T>(value: T | undefined, was: T | null | undefined): T | undefined => value ?? was ?? undefined;
  const merged: LedgerAccountInput = {
    ...input,
    ...visible,
    ledger_account_type_id: input.ledger_account_type_id ?? before.ledger_account_type.id,
    included_in_chart: input.included_in_chart ?? before.included_in_chart,
    name: input.name ?? before.name,
    display_name: input.display_name ?? before.display_name,
    nominal_code: input.nominal_code ?? before.nominal_code,
    fixed_tax_rate: input.fixed_tax_rate ?? before.fixed_tax_rate,
    tax_recoverable: input.tax_recoverable ?? before.tax_recoverable,
    cis_materials: input.cis_materials ?? before.cis_materials,
    cis_labour: input.cis_labour ?? before.cis_labour,
    tax_instalment: input.tax_instalment ?? before.tax_instalment,
  };
  const optional = {
    ledger_account_classification_id: keep(input.ledger_account_classification_id, before.ledger_account_classification?.id),
    tax_rate_id: keep(input.tax_rate_id, before.tax_rate?.id),
    non_recoverable_ledger_account_id: keep(input.non_recoverable_ledger_account_id, before.non_recoverable_ledger_account?.id),
    recoverable_percentage: keep(input.recoverable_percentage, before.recoverable_percentage),
    gifi_code: keep(input.gifi_code, before.gifi_code),
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) Object.assign(merged, { [name]: value });
  const built = buildLedgerAccount(merged, before.id, now);
  return {
    ...built,
    created_at: before.created_at,
    is_control_account: before.is_control_account,
    control_name: before.control_name,
    balance_details: before.balance_details,
  };
}

/** A checked update: the changed account, or the 422's diagnoses. */
export function updateLedgerAccount(
  before: SageLedgerAccount,
  input: LedgerAccountInput,
  store: LedgerAccountStore,
  limits: LedgerAccountLimits,
  now: number,
): { ok: true; account: SageLedgerAccount } | { ok: false; problems: SageDiagnosis[] } {
  const problems = checkUpdate(before, input, store, limits);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, account: applyUpdate(before, input, now) };
}
