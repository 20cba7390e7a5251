import type { z } from 'zod';
import { CONNECTION_SECURITY } from '../document.js';
import { companyInfoOutputSchema, pageOf, taxRateOutputSchema, trackingCategoryOutputSchema } from '../schemas/books.js';
import { connectionErrors, errorResponses, serverErrors } from '../schemas/errors.js';

/** The list and get of an object ledgersync reads from the provider (Panora's operation ids and summaries). */
function pulledOperations(
  tag: { name: string; description: string },
  output: z.ZodType,
  ids: { list: string; retrieve: string; summary: string; one: string; many: string },
) {
  const scope = { tags: [tag.name], security: CONNECTION_SECURITY };
  return {
    tag,
    list: {
      ...scope,
      operationId: ids.list,
      summary: `List  ${ids.summary}`,
      response: {
        200: pageOf(output).describe(`A page of the connection's ${ids.many}, as last pulled from its provider.`),
        ...errorResponses({ ...connectionErrors, ...serverErrors }),
      },
    },
    retrieve: {
      ...scope,
      operationId: ids.retrieve,
      summary: `Retrieve ${ids.summary}`,
      response: {
        200: output.describe(`The ${ids.one}, as last pulled.`),
        ...errorResponses({ ...connectionErrors, 404: `\`not_found\`: no ${ids.one} with this id on this connection.`, ...serverErrors }),
      },
    },
  };
}

const pulled = (path: string, noun: string) => ({
  name: `accounting/${path}`,
  description: `Panora's ${noun}, read from the connection's provider.`,
});

export const companyInfoOperations = pulledOperations(pulled('companyinfos', 'company info'), companyInfoOutputSchema, {
  list: 'listAccountingCompanyInfos',
  retrieve: 'retrieveAccountingCompanyInfo',
  summary: 'CompanyInfos',
  one: 'company info',
  many: 'company infos',
});

export const taxRateOperations = pulledOperations(pulled('taxrates', 'tax rates'), taxRateOutputSchema, {
  list: 'listAccountingTaxRate',
  retrieve: 'retrieveAccountingTaxRate',
  summary: 'TaxRates',
  one: 'tax rate',
  many: 'tax rates',
});

export const trackingCategoryOperations = pulledOperations(
  pulled('trackingcategories', 'tracking categories'),
  trackingCategoryOutputSchema,
  {
    list: 'listAccountingTrackingCategorys',
    retrieve: 'retrieveAccountingTrackingCategory',
    summary: 'TrackingCategorys',
    one: 'tracking category',
    many: 'tracking categories',
  },
);
