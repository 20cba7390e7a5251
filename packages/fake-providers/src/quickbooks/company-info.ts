import { PerTenant } from '../shared/objects.js';
import type { CompanyFacts } from './company.js';
import { copyRecord } from './lists/store.js';
import type { QueryTable } from './query.js';
import { COMPANY_PATH, type QuickbooksObject } from './routes.js';
import { intuitDateTime } from './time.js';
import { recordXml } from './xml.js';

/**
 * CompanyInfo (`GET /companyinfo/{realmId}`) and Preferences (`GET /preferences`), one of each per
 * realm, shaped as Intuit's references show them (NOTES.md). The company's country is the realm's
 * (`configureRealm`); its home currency is in Preferences.CurrencyPrefs, which CompanyInfo lacks.
 * The names and addresses are the fake's own.
 */
export interface CompanySettings {
  company(realmId: string): CompanyFacts;
  /** When the realm's company was made. */
  createdAt(realmId: string): number;
  now(): number;
}

interface RealmCompany {
  info: Record<string, unknown>;
  preferences: Record<string, unknown>;
}

function newCompany(realmId: string, settings: CompanySettings): RealmCompany {
  const facts = settings.company(realmId);
  const stamp = intuitDateTime(settings.createdAt(realmId), false);
  const meta = { CreateTime: stamp, LastUpdatedTime: stamp };
  const address = { Id: '1', Line1: '2600 Marine Way', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043', Country: facts.country };
  const name = `Sandbox Company_${facts.country}_1`;
  const info = {
    CompanyName: name,
    LegalName: name,
    CompanyAddr: address,
    CustomerCommunicationAddr: address,
    LegalAddr: address,
    PrimaryPhone: { FreeFormNumber: '(650) 944-4444' },
    CompanyStartDate: stamp.slice(0, 10),
    FiscalYearStartMonth: 'January',
    Country: facts.country,
    Email: { Address: 'noreply@quickbooks.com' },
    WebAddr: { URI: 'https://www.example.com' },
    SupportedLanguages: 'en',
    NameValue: [{ Name: 'OfferingSku', Value: 'QuickBooks Online Plus' }],
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: meta,
  };
  const preferences = {
    AccountingInfoPrefs: { FirstMonthOfFiscalYear: 'January', UseAccountNumbers: true, TaxYearMonth: 'January', ClassTrackingPerTxnLine: true, TrackDepartments: true, DepartmentTerminology: 'Location' },
    TaxPrefs: { UsingSalesTax: true },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: facts.homeCurrency } },
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '0',
    MetaData: meta,
  };
  return { info, preferences };
}

/** One record per realm as a query table (`select * from CompanyInfo`, `select * from Preferences`). */
function singleton(entity: string, pick: (realmId: string) => Record<string, unknown>): QueryTable<Record<string, unknown>> {
  return {
    entity,
    fields: [{ name: 'Id', kind: 'number', get: (r) => Number(r.Id) }],
    defaultOrder: 'id',
    rows: (realmId) => [pick(realmId)],
    id: (r) => Number(r.Id),
    snapshot: copyRecord,
  };
}

export function quickbooksCompany(settings: CompanySettings): QuickbooksObject[] {
  const companies = new PerTenant((realmId) => newCompany(realmId, settings));
  const info: QuickbooksObject = {
    entity: 'CompanyInfo',
    xml: (record) => recordXml('CompanyInfo', record),
    query: singleton('CompanyInfo', (realmId) => companies.of(realmId).info) as QueryTable<unknown>,
    register(app, gateway) {
      // Intuit reads it at /companyinfo/{realmId}: any other Id is Object Not Found.
      const read = gateway.read('CompanyInfo', (id, realmId) => (id === realmId ? copyRecord(companies.of(realmId).info) : undefined));
      app.get(`${COMPANY_PATH}/companyinfo/:id`, gateway.api(read));
    },
    reset: () => companies.clear(),
  };
  const preferences: QuickbooksObject = {
    entity: 'Preferences',
    xml: (record) => recordXml('Preferences', record),
    query: singleton('Preferences', (realmId) => companies.of(realmId).preferences) as QueryTable<unknown>,
    register(app, gateway) {
      app.get(
        `${COMPANY_PATH}/preferences`,
        gateway.api((_req, realmId) => {
          const now = settings.now();
          return { status: 200, payload: { kind: 'entity', name: 'Preferences', value: copyRecord(companies.of(realmId).preferences), time: now } };
        }),
      );
    },
    reset: () => {},
  };
  return [info, preferences];
}
