/** A link to another resource, as Sage embeds them. */
export interface SageLink {
  id: string;
  displayed_as: string;
  $path: string;
}

/** A ledger account as the Sage Accounting API v3.1 returns it (JSON). */
export interface SageLedgerAccount {
  /** 32 lower-case hex characters. */
  id: string;
  displayed_as: string;
  $path: string;
  /** `2025-06-01T19:00:00Z` */
  created_at: string;
  updated_at: string;
  ledger_account_group: { id: string; displayed_as: string };
  name: string;
  display_name: string;
  /** Where the account can be picked: `bank`, `sales`, `purchasing`, `other_payment`, `other_receipt`, `journals`, `reporting`. */
  visible_scopes: string[];
  included_in_chart: boolean;
  nominal_code: number;
  ledger_account_type: SageLink;
  ledger_account_classification: SageLink | null;
  tax_rate: SageLink | null;
  fixed_tax_rate: boolean;
  visible_in_banking: boolean;
  visible_in_expenses: boolean;
  visible_in_journals: boolean;
  visible_in_other_payments: boolean;
  visible_in_other_receipts: boolean;
  visible_in_reporting: boolean;
  visible_in_sales: boolean;
  balance_details: null;
  is_control_account: boolean;
  control_name: string | null;
  display_formatted: string;
  tax_recoverable: boolean;
  recoverable_percentage: number | null;
  non_recoverable_ledger_account: SageLink | null;
  cis_materials: boolean;
  cis_labour: boolean;
  tax_instalment: boolean;
  gifi_code: number | null;
}
