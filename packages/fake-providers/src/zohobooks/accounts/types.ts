/** One custom field value on an account. */
export interface ZohoCustomField {
  customfield_id?: string;
  label?: string;
  api_name?: string;
  value: unknown;
}

/** A chart-of-accounts account as Zoho Books returns it from a create (`chart_of_account`). */
export interface ZohoAccount {
  /** Numeric string, e.g. `460000000038079`. */
  account_id: string;
  account_name: string;
  /** Empty when none was given. */
  account_code: string;
  account_type: string;
  is_active: boolean;
  currency_id: string;
  currency_code: string;
  description: string;
  is_system_account: boolean;
  is_involved_in_transaction: boolean;
  is_user_created: boolean;
  can_show_in_ze: boolean;
  show_on_dashboard: boolean;
  include_in_vat_return: boolean;
  custom_fields: ZohoCustomField[];
  /** Empty for a top-level account. */
  parent_account_id: string;
  parent_account_name: string;
  /** 0 for a top-level account, the parent's depth + 1 for a sub-account. */
  depth: number;
  has_transaction: boolean;
  documents: unknown[];
  /** `2013-01-17T15:27:23+0530`: the organisation's local time and offset, no colon. */
  created_time: string;
  last_modified_time: string;
}
