import type { AccountType } from '@ledgersync/unified';
import { isBalanceSheet } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { QUICKBOOKS_TYPES } from './vocabulary.js';

/** QuickBooks Online Accounting API v3; facts from shared/reference/providers.md. */
export const quickbooks = {
  slug: 'quickbooks',
  displayName: 'QuickBooks Online',
  baseUrl: 'https://quickbooks.api.intuit.com',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  tenant: { placement: 'path', name: 'realmId', description: 'the QuickBooks company (realm) id' },
  rateLimits: { windows: [{ limit: 500, periodMs: 60_000 }], concurrency: 10 },
  // A QuickBooks 429 carries no Retry-After; Intuit's documentation says to wait a minute.
  throttleWaitMs: 60_000,
  idempotency: { kind: 'query', name: 'requestid', maxLength: 50 },
  requestTimeoutMs: 30_000,
  oauthClientAuth: 'basic',
  // Intuit fields a connection may fill from `field_mappings` (AccountSubType refines the default
  // the unified type maps to).
  mappableFields: ['AccountSubType', 'AccountAlias', 'TxnLocationType', 'OpeningBalanceDate', 'TaxCodeRef'],
  // What this provider does per object and direction (the registry and /meta read it).
  objects: {
    account: {
      push: {
        provider: 'quickbooks',
        displayName: 'QuickBooks Online',
        fields: {
          name: 'required',
          type: 'required',
          classification: 'sent',
          description: 'sent',
          status: 'sent',
          current_balance: 'sent',
          currency: 'sent',
          account_number: 'sent',
          parent_account: 'sent',
          company_info_id: 'stored',
        },
        types: Object.keys(QUICKBOOKS_TYPES) as AccountType[],
        maxLength: { name: 100, description: 100 },
        // QuickBooks keeps amounts to two decimals (totals and balances are stored at two places;
        // help.breadwinner.com, "Can Breadwinner handle 7 decimal places?"). Intuit's Account reference
        // gives no largest OpeningBalance: accounts.ts stays under what QuickBooks Desktop's amount
        // fields hold (11 digits before the point), and the fake refuses past it (docs silent).
        amountLimits: { maxDecimals: 2, maxIntegerDigits: 11 },
        // The colon separates levels of FullyQualifiedName; Intuit refuses both in a Name.
        forbiddenNameCharacters: ':"',
        refine(account) {
          const warnings = [];
          const classification = account.classification;
          if (account.current_balance != null && classification && !isBalanceSheet(classification)) {
            warnings.push({
              field: 'current_balance',
              code: 'not_sent' as const,
              message: 'QuickBooks Online takes an opening balance only on balance-sheet accounts: stored, not sent',
            });
          }
          return { issues: [], warnings };
        },
      },
    },
  },
} satisfies ProviderDescriptor;
