import type { ObjectName } from '@ledgersync/unified';
import type { RecordRoutes } from '../routes/records/index.js';
import { accountRoutes } from './account/index.js';
import { companyInfoRoutes, taxRateRoutes, trackingCategoryRoutes } from './books/index.js';

/**
 * Every object of the registry (`OBJECTS`) as the API serves it: one entry each, in the order
 * the document lists them. The routes, the intake and the retry are generic (routes/records).
 */
export const OBJECT_ROUTES: { [O in ObjectName]: RecordRoutes } = {
  account: accountRoutes,
  companyinfo: companyInfoRoutes,
  taxrate: taxRateRoutes,
  trackingcategory: trackingCategoryRoutes,
};

export const SERVED_OBJECTS: readonly RecordRoutes[] = Object.values(OBJECT_ROUTES);
