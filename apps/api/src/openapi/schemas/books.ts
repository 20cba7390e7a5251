import { JsonNumber } from '@ledgersync/unified';
import { z } from 'zod';

const dateTime = () => z.string().meta({ format: 'date-time' });
const text = (description: string) => z.string().nullable().meta({ description });
const uuid = (description: string) => z.string().meta({ format: 'uuid', description, examples: ['0199a3c4-5b6e-7f80-9a1b-2c3d4e5f6a7b'] });
// Exact digits, written as a bare JSON number by the exact serializer (exact-json.ts).
const rate = (description: string) => z.instanceof(JsonNumber).meta({ type: 'number' }).nullable().meta({ description });

/** What every pulled record shows beside Panora's fields: where it came from, and whether the provider still has it. */
const provenance = {
  origin: z.enum(['pulled', 'pushed']).meta({ description: '`pulled`: found at the provider; `pushed`: created through ledgersync.' }),
  remote_deleted_at: dateTime()
    .nullable()
    .meta({ description: 'When the provider deleted or archived it (the record is kept); null while it has it.' }),
};
const common = (noun: string) => ({
  field_mappings: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Custom fields (none are pulled yet).' }),
  remote_id: text(`The ${noun}'s id at the provider.`),
  remote_data: z
    .unknown()
    .meta({ type: ['object', 'null'], description: "The provider's raw record; null unless `remote_data=true` was asked for." }),
  created_at: dateTime().meta({ description: `When ledgersync first stored the ${noun}.` }),
  modified_at: dateTime().meta({ description: `When the ${noun} last changed.` }),
  ...provenance,
});

/** `UnifiedAccountingCompanyinfoOutput`: the company the connection is a tenant of. */
export const companyInfoOutputSchema = z
  .object({
    id: uuid('The id of the company info record.'),
    name: text('The name of the company.'),
    legal_name: text('The legal name of the company.'),
    tax_number: text('The tax number of the company.'),
    fiscal_year_end_month: z.number().int().nullable().meta({ description: 'The month of the fiscal year end (1-12).' }),
    fiscal_year_end_day: z.number().int().nullable().meta({ description: 'The day of the fiscal year end (1-31).' }),
    currency: text('The currency used by the company (ISO 4217).'),
    urls: z.array(z.string()).nullable().meta({ description: 'The URLs associated with the company.' }),
    tracking_categories: z.array(z.string()).nullable().meta({ description: 'The ids of the tracking categories used by the company.' }),
    ...common('company info'),
  })
  .meta({ id: 'UnifiedAccountingCompanyinfoOutput', description: "The connection's company, as Panora returns it." });

/** `UnifiedAccountingTaxrateOutput`, Panora's spelling `total_tax_ratge` kept. */
export const taxRateOutputSchema = z
  .object({
    id: uuid('The id of the tax rate record.'),
    description: text('The description of the tax rate.'),
    total_tax_ratge: rate("The total tax rate in basis points (2000 for 20 %), exact; Panora's spelling."),
    effective_tax_rate: rate('The effective tax rate in basis points, exact.'),
    company_id: text('The id of the company the tax rate belongs to.'),
    ...common('tax rate'),
  })
  .meta({ id: 'UnifiedAccountingTaxrateOutput', description: 'A tax rate of the connection, as Panora returns it.' });

/** `UnifiedAccountingTrackingcategoryOutput`: a class, department or tag. */
export const trackingCategoryOutputSchema = z
  .object({
    id: uuid('The id of the tracking category record.'),
    name: text('The name of the tracking category.'),
    status: text('`Active` or `Archived`.'),
    category_type: text("What the provider calls this kind of category (QuickBooks `Class`, `Department`; Xero's category name)."),
    parent_category: text('The id of the parent category (a ledgersync id), for an option of a category.'),
    ...common('tracking category'),
  })
  .meta({ id: 'UnifiedAccountingTrackingcategoryOutput', description: 'A tracking category of the connection, as Panora returns it.' });

/** A Panora cursor page (`PaginatedDto` with `data` typed). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    prev_cursor: z.string().nullable().meta({ description: 'Send as `cursor` to read the page before; null on the first page.' }),
    next_cursor: z.string().nullable().meta({ description: 'Send as `cursor` to read the next page; null on the last page.' }),
    data: z.array(item),
  });
