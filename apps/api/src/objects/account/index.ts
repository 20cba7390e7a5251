import { type AccountRow, RECORDS } from '@ledgersync/db';
import {
  type AccountInput,
  type AccountOutput,
  type AccountWarning,
  checkAccount,
  type NormalizedAccount,
  OBJECTS,
} from '@ledgersync/unified';
import { accountOperations, accountTag } from '../../openapi/operations/accounts.js';
import { ACCOUNT_INPUT_EXAMPLES, DOCS_EXAMPLE_ACCOUNT } from '../../openapi/schemas/accounts.js';
import { pushCapabilitiesOf } from '../../provider.js';
import type { RecordRoutes } from '../../routes/records/index.js';
import { accountsMeta } from './meta.js';

/** The account as the API serves it at `/accounting/accounts`: what is particular to it beside the registry's entry. */
export const accountRoutes: RecordRoutes<AccountRow, AccountInput, AccountOutput, NormalizedAccount, AccountWarning> = {
  definition: OBJECTS.account,
  noun: { one: 'account', many: 'accounts' },
  records: RECORDS.account,
  docs: { tag: accountTag, list: accountOperations.list, retrieve: accountOperations.retrieve },
  push: {
    records: RECORDS.account,
    // Against the descriptor's `objects.account.push` (a per-country rule belongs in pushCapabilitiesOf).
    check: (connection, input) => {
      const { account, issues, warnings } = checkAccount(input, pushCapabilitiesOf(connection, 'account'), connection.fieldMappings);
      return { record: account, issues, warnings };
    },
    meta: accountsMeta,
    docs: {
      create: accountOperations.create,
      retry: accountOperations.retry,
      meta: accountOperations.meta,
      requestExample: DOCS_EXAMPLE_ACCOUNT,
      inputExamples: { component: 'UnifiedAccountingAccountInput', examples: ACCOUNT_INPUT_EXAMPLES },
    },
  },
};
