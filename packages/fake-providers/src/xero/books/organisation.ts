import { msDate } from '../render.js';

/** The Organisation fields Xero answers that the fake fills in (OpenAPI Organisation). */
export interface XeroOrganisation {
  OrganisationID: string;
  APIKey: string;
  Name: string;
  LegalName: string;
  PaysTax: boolean;
  Version: string;
  OrganisationType: 'COMPANY';
  BaseCurrency: string;
  CountryCode: string;
  IsDemoCompany: boolean;
  OrganisationStatus: 'ACTIVE';
  TaxNumber: string;
  FinancialYearEndDay: number;
  FinancialYearEndMonth: number;
  SalesTaxBasis: string;
  SalesTaxPeriod: string;
  DefaultSalesTax: string;
  DefaultPurchasesTax: string;
  CreatedDateUTC: string;
  OrganisationEntityType: 'COMPANY';
  ShortCode: string;
  Class: 'DEMO' | 'TRIAL' | 'STARTER' | 'STANDARD' | 'PREMIUM';
  Edition: 'BUSINESS';
  ExternalLinks: { LinkType: 'Website' | 'Facebook' | 'LinkedIn' | 'Twitter' | 'GooglePlus'; Url: string }[];
}

// Financial year ends: 31 March in New Zealand and the United Kingdom's April tax year, 30 June in Australia.
const YEAR_END: Record<string, { day: number; month: number }> = {
  NZ: { day: 31, month: 3 },
  AU: { day: 30, month: 6 },
  GB: { day: 31, month: 3 },
};

/**
 * The organisation a tenant is. Its OrganisationID is the tenant id the connection names (the
 * `xero-tenant-id` header), as a connection's tenant is one organisation.
 */
export function organisationOf(
  tenantId: string,
  settings: { name: string; countryCode: string; baseCurrency: string },
  at: number,
): XeroOrganisation {
  const yearEnd = YEAR_END[settings.countryCode] ?? { day: 31, month: 12 };
  const short = tenantId.replace(/-/g, '').slice(0, 6);
  return {
    OrganisationID: tenantId,
    APIKey: tenantId.replace(/-/g, '').slice(0, 30).toUpperCase(),
    Name: settings.name,
    LegalName: `${settings.name} Limited`,
    PaysTax: true,
    Version: settings.countryCode,
    OrganisationType: 'COMPANY',
    BaseCurrency: settings.baseCurrency,
    CountryCode: settings.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    TaxNumber: '071-138-054',
    FinancialYearEndDay: yearEnd.day,
    FinancialYearEndMonth: yearEnd.month,
    SalesTaxBasis: 'PAYMENTS',
    SalesTaxPeriod: 'TWOMONTHS',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Inclusive',
    CreatedDateUTC: msDate(at, false),
    OrganisationEntityType: 'COMPANY',
    ShortCode: `!${short}`,
    Class: 'PREMIUM',
    Edition: 'BUSINESS',
    ExternalLinks: [{ LinkType: 'Website', Url: `https://${short}.example.com` }],
  };
}
