import { diagnosis } from '../answers.js';
import type { SageDiagnosis } from '../answers.js';
import type { LedgerAccountInput } from './body.js';
import { VISIBILITY_AREAS, VISIBILITY_SCOPES, ledgerAccountType } from '../ledger-account-types/table.js';
import { MESSAGES } from './messages.js';
import type { LedgerAccountStore } from './store.js';
import type { SageLedgerAccount, SageLink } from './types.js';

/** The limits {@link checkLedgerAccount} applies (fake settings). */
export interface LedgerAccountLimits {
  maxNominalCode: number;
  maxNameLength: number;
}

/**
 * Sage's rules for a new ledger account beyond the body's shape: a known type id, a nominal code
 * in range and unused in the business, names within length, no control account (Sage: "You cannot
 * add ledger accounts with control name"). Returns every broken rule.
 */
export function checkLedgerAccount(input: LedgerAccountInput, business: LedgerAccountStore, limits: LedgerAccountLimits): SageDiagnosis[] {
  const problems: SageDiagnosis[] = [];
  const typeId = input.ledger_account_type_id ?? '';
  if (ledgerAccountType(typeId) === undefined)
    problems.push(diagnosis('RecordInvalid', MESSAGES.invalidType(typeId), 'ledger_account_type_id'));
  const code = input.nominal_code ?? 0;
  if (code < 1 || code > limits.maxNominalCode) {
    problems.push(diagnosis('RecordInvalid', MESSAGES.nominalCodeRange(limits.maxNominalCode), 'nominal_code'));
  } else if (business.taken(code)) {
    problems.push(diagnosis('RecordInvalid', MESSAGES.nominalCodeTaken, 'nominal_code'));
  }
  for (const key of ['name', 'display_name'] as const) {
    if ((input[key] ?? '').trim().length > limits.maxNameLength)
      problems.push(diagnosis('RecordInvalid', MESSAGES.tooLong(limits.maxNameLength), key));
  }
  if (input.control_name || input.is_control_account) {
    problems.push(diagnosis('RecordInvalid', MESSAGES.controlAccount, input.control_name ? 'control_name' : 'is_control_account'));
  }
  return problems;
}

/** ISO 8601 in UTC without milliseconds, as Sage writes `created_at`. */
export function sageTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function link(collection: string, id: string, displayedAs = id): SageLink {
  return { id, displayed_as: displayedAs, $path: `/${collection}/${id}` };
}

/** The ledger account Sage stores for input that passed {@link checkLedgerAccount}. */
export function buildLedgerAccount(input: LedgerAccountInput, id: string, now: number): SageLedgerAccount {
  const typeId = input.ledger_account_type_id ?? '';
  const type = ledgerAccountType(typeId);
  if (!type) throw new Error(`unchecked ledger account type ${typeId}`);
  const nominalCode = input.nominal_code ?? 0;
  const name = (input.name ?? '').trim();
  const displayName = (input.display_name ?? '').trim();
  // Unset areas take the type's defaults, as Sage preselects them from the category.
  const visible = Object.fromEntries(
    VISIBILITY_AREAS.map((area) => [area, input[`visible_in_${area}`] ?? type.visibleIn.includes(area)]),
  ) as Record<(typeof VISIBILITY_AREAS)[number], boolean>;
  const at = sageTime(now);
  return {
    id,
    displayed_as: `${displayName} (${nominalCode})`,
    $path: `/ledger_accounts/${id}`,
    created_at: at,
    updated_at: at,
    ledger_account_group: { ...type.group },
    name,
    display_name: displayName,
    visible_scopes: VISIBILITY_AREAS.filter((area) => visible[area]).map((area) => VISIBILITY_SCOPES[area]),
    included_in_chart: input.included_in_chart ?? true,
    nominal_code: nominalCode,
    ledger_account_type: link('ledger_account_types', typeId, type.displayedAs),
    ledger_account_classification: input.ledger_account_classification_id
      ? link('ledger_account_classifications', input.ledger_account_classification_id)
      : null,
    tax_rate: input.tax_rate_id ? link('tax_rates', input.tax_rate_id) : null,
    fixed_tax_rate: input.fixed_tax_rate ?? false,
    visible_in_banking: visible.banking,
    visible_in_expenses: visible.expenses,
    visible_in_journals: visible.journals,
    visible_in_other_payments: visible.other_payments,
    visible_in_other_receipts: visible.other_receipts,
    visible_in_reporting: visible.reporting,
    visible_in_sales: visible.sales,
    balance_details: null,
    is_control_account: false,
    control_name: null,
    display_formatted: `${nominalCode} - ${displayName}`,
    tax_recoverable: input.tax_recoverable ?? false,
    recoverable_percentage: input.recoverable_percentage ?? null,
    non_recoverable_ledger_account: input.non_recoverable_ledger_account_id
      ? link('ledger_accounts', input.non_recoverable_ledger_account_id)
      : null,
    cis_materials: input.cis_materials ?? false,
    cis_labour: input.cis_labour ?? false,
    tax_instalment: input.tax_instalment ?? false,
    gifi_code: input.gifi_code ?? null,
  };
}
