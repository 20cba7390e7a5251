import { PerTenant } from '../../shared/objects.js';
import { recordsAnswer } from '../answers.js';
import type { BooksSettings } from '../books/index.js';
import { organisationOf, type XeroOrganisation } from '../books/organisation.js';
import { API_PATH } from '../routes.js';
import type { XeroObject } from '../routes.js';

/** The Organisation object: `GET /Organisation` (getOrganisations), the tenant's one organisation. */
export interface XeroOrganisationObject extends XeroObject {
  organisation(tenantId: string): XeroOrganisation;
}

export function xeroOrganisation(books: BooksSettings): XeroOrganisationObject {
  const organisations = new PerTenant((tenantId) =>
    organisationOf(
      tenantId,
      { name: books.organisationName, countryCode: books.countryCode, baseCurrency: books.baseCurrency },
      books.now(),
    ),
  );
  return {
    register(app, { api }) {
      // Xero answers the one organisation in a list, with no If-Modified-Since and no filter.
      app.get(
        `${API_PATH}/Organisation`,
        api((_req, context) =>
          recordsAnswer({ providerName: context.options.providerName, now: context.now }, 'Organisations', 'Organisation', [
            organisations.of(context.tenantId),
          ]),
        ),
      );
    },
    organisation: (tenantId) => structuredClone(organisations.of(tenantId)),
    reset: () => organisations.clear(),
  };
}
