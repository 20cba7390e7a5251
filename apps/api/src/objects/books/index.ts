import { RECORDS } from '@ledgersync/db';
import { OBJECTS } from '@ledgersync/unified';
import { companyInfoOperations, taxRateOperations, trackingCategoryOperations } from '../../openapi/operations/books.js';
import type { RecordRoutes } from '../../routes/records/index.js';

/** Objects ledgersync only reads from the provider: served their list and get, no intake. */
const pulledRoutes = (
  definition: RecordRoutes['definition'],
  noun: RecordRoutes['noun'],
  records: RecordRoutes['records'],
  operations: { tag: RecordRoutes['docs']['tag']; list: RecordRoutes['docs']['list']; retrieve: RecordRoutes['docs']['retrieve'] },
): RecordRoutes => ({ definition, noun, records, docs: { tag: operations.tag, list: operations.list, retrieve: operations.retrieve } });

export const companyInfoRoutes = pulledRoutes(
  OBJECTS.companyinfo,
  { one: 'company info', many: 'company infos' },
  RECORDS.companyinfo as unknown as RecordRoutes['records'],
  companyInfoOperations,
);
export const taxRateRoutes = pulledRoutes(
  OBJECTS.taxrate,
  { one: 'tax rate', many: 'tax rates' },
  RECORDS.taxrate as unknown as RecordRoutes['records'],
  taxRateOperations,
);
export const trackingCategoryRoutes = pulledRoutes(
  OBJECTS.trackingcategory,
  { one: 'tracking category', many: 'tracking categories' },
  RECORDS.trackingcategory as unknown as RecordRoutes['records'],
  trackingCategoryOperations,
);
