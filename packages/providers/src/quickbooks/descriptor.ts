import type { AccountCapabilities, AccountType } from '@ledgersync/unified';
import { isBalanceSheet } from '@ledgersync/unified';
import type { ProviderDescriptor } from '../types.js';
import { QUICKBOOKS_TYPES } from './vocabulary.js';

// AcctNum's longest by the company's country (NOTES.md). A country not listed, or none known,
// gets the strictest, which every company takes.
const ACCT_NUM_BY_COUNTRY: Record<string, number> = { US: 7, GB: 7, IN: 7, AU: 20, CA: 20, FR: 20 };
const STRICTEST_ACCT_NUM = 7;

function acctNumLimit(country: string | null): { max: number; note: string } {
  const code = country?.trim().toUpperCase() ?? null;
  const known = code === null ? undefined : ACCT_NUM_BY_COUNTRY[code];
  if (known !== undefined) return { max: known, note: `the limit for a company in ${code}` };
  const which = code === null ? "the connection's company country is unknown" : `ledgersync knows no limit for a company in ${code}`;
  return {
    max: STRICTEST_ACCT_NUM,
    note:
      `${which}, so the strictest applies, that of US, UK and Indian companies; ` +
      "AU, CA and FR companies take 20: set the connection's company country",
  };
}

/** The account push capabilities for a company of `country` (null: unknown). */
function accountPushFor(country: string | null): AccountCapabilities {
  const acctNum = acctNumLimit(country);
  return {
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
    // Intuit documents no inactive create: refused rather than created active (NOTES.md).
    statuses: ['Active'],
    maxLength: { name: 100, description: 100, account_number: acctNum.max },
    maxLengthNotes: { account_number: acctNum.note },
    forCompany: (company) => accountPushFor(company.country),
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
  };
}

/** QuickBooks Online Accounting API v3; facts from shared/reference/providers.md and NOTES.md. */
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
      push: accountPushFor(null),
    },
  },
  // What a pull reads (NOTES.md, "Pulls"): the query API's largest page; CDC for accounts and
  // classes/departments; none for tax rates (CDC serves no TaxRate) nor the company (two reads).
  // QuickBooks deletes none of these: it makes them inactive, an archive.
  pulls: {
    companyinfo: { pageSize: 1, changes: 'none', removal: [] },
    account: { pageSize: 1000, changes: 'feed', removal: ['archived'] },
    taxrate: { pageSize: 1000, changes: 'none', removal: ['archived'] },
    trackingcategory: { pageSize: 1000, changes: 'feed', removal: ['archived'] },
  },
} satisfies ProviderDescriptor;
