/**
 * What a realm's company is like where QuickBooks' answers depend on it (see
 * packages/providers/src/quickbooks/NOTES.md for the sources): its country sets how long an
 * AcctNum may be and its home currency; `nameListRequestIds` says what a repeated `requestid` does
 * on a create of a name-list entity (Account).
 */
export interface RealmSettings {
  /** ISO 3166-1 alpha-2, one of the editions the fake models (`COUNTRIES`). */
  country: string;
  /**
   * `replay` (default): the first answer, as Intuit documents for every request. `ignore`: the
   * create runs again (a taken Name then answers 6240), as reported for name lists.
   */
  nameListRequestIds: 'replay' | 'ignore';
}

/** What the company's country decides. */
export interface CompanyFacts {
  /** ISO 3166-1 alpha-2, as CompanyInfo.Country answers it. */
  country: string;
  acctNumMax: number;
  /** The currency of the country where the business is, which income and expense accounts always use. */
  homeCurrency: string;
}

// AcctNum: 7 characters for US, UK and IN companies, 20 for AU, CA and FR (FR: at least 6, not modelled).
const COUNTRIES: Record<string, Omit<CompanyFacts, 'country'>> = {
  US: { acctNumMax: 7, homeCurrency: 'USD' },
  GB: { acctNumMax: 7, homeCurrency: 'GBP' },
  IN: { acctNumMax: 7, homeCurrency: 'INR' },
  AU: { acctNumMax: 20, homeCurrency: 'AUD' },
  CA: { acctNumMax: 20, homeCurrency: 'CAD' },
  FR: { acctNumMax: 20, homeCurrency: 'EUR' },
};

export const DEFAULT_REALM: RealmSettings = { country: 'US', nameListRequestIds: 'replay' };

/** The settings with their country checked: a country the fake does not model is a test's mistake. */
export function realmSettings(settings: RealmSettings): RealmSettings {
  const country = settings.country.toUpperCase();
  if (!Object.hasOwn(COUNTRIES, country)) {
    throw new RangeError(`the QuickBooks fake models companies in ${Object.keys(COUNTRIES).join(', ')}, not "${settings.country}"`);
  }
  return { ...settings, country };
}

export function companyFacts(settings: RealmSettings): CompanyFacts {
  return { ...(COUNTRIES[settings.country] as Omit<CompanyFacts, 'country'>), country: settings.country };
}
