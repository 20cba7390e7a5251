import type { AccountBody } from './objects/account.js';
import type { NormalizedAccount } from './objects/account.js';
import { decimal } from './money.js';


/**
 * The account of Panora's "Create Accounts" example (its API reference): the values the
 * documentation shows, and the account the tests, the benchmark and the sandbox push.
 */
export const EXAMPLE_ACCOUNT = {
  name: 'Cash',
  description: 'Main cash account for daily operations',
  classification: 'Asset',
  type: 'Current Asset',
  status: 'Active',
  current_balance: 10000,
  currency: 'USD',
  account_number: '1000',
} as const satisfies AccountBody;

/** The example as intake hands it to a provider adapter: its balance as exact digits. */
export const EXAMPLE_NORMALIZED_ACCOUNT = {
  ...EXAMPLE_ACCOUNT,
  current_balance: decimal(String(EXAMPLE_ACCOUNT.current_balance)),
} as const satisfies NormalizedAccount;

/** The id Panora's example gives `company_info_id` (and `parent_account`). */
export const EXAMPLE_COMPANY_INFO_ID = '801f9ede-c698-4e66-a7fc-48d19eebaa4f';

/**
 * Panora's example request body, verbatim but for `parent_account`, which must name an account
 * that exists on the connection (left out when not given).
 */
export function exampleAccountBody(parentAccount?: string) {
  return {
    ...EXAMPLE_ACCOUNT,
    ...(parentAccount ? { parent_account: parentAccount } : {}),
    company_info_id: EXAMPLE_COMPANY_INFO_ID,
    field_mappings: { custom_field_1: 'value1', custom_field_2: 'value2' },
  } satisfies AccountBody;
}
