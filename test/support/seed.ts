/**
 * The request body of Panora's "Create Accounts" page (shared/reference/seed-create-accounts.txt),
 * verbatim but for `parent_account`, which must name an account that exists on the connection.
 */
export function seedBody(parentAccount: string) {
  return {
    name: 'Cash',
    description: 'Main cash account for daily operations',
    classification: 'Asset',
    type: 'Current Asset',
    status: 'Active',
    current_balance: 10000,
    currency: 'USD',
    account_number: '1000',
    parent_account: parentAccount,
    company_info_id: '801f9ede-c698-4e66-a7fc-48d19eebaa4f',
    field_mappings: { custom_field_1: 'value1', custom_field_2: 'value2' },
  };
}
