import { API_KEY_SECURITY, CONNECTION_SECURITY } from '../document.js';
import { apiKeyErrors, bodyErrors, connectionErrors, errorResponses, serverErrors } from '../schemas/errors.js';
import { pullFrequencySchema, resyncStatusSchema, syncStatusSchema } from '../schemas/sync.js';

/** What routes/sync answers (Panora's operation ids). */
export const syncOperations = {
  status: {
    tags: ['sync'],
    security: CONNECTION_SECURITY,
    operationId: 'status',
    summary: 'Retrieve sync status of a certain vertical',
    response: {
      200: syncStatusSchema.describe("Per object, where the connection's pulls stand."),
      ...errorResponses({ ...connectionErrors, 404: '`not_found`: ledgersync syncs the `accounting` vertical only.', ...serverErrors }),
    },
  },
  resync: {
    tags: ['sync'],
    security: CONNECTION_SECURITY,
    operationId: 'resync',
    summary: 'Resync common objects across a vertical',
    description: "Enqueues a full pull of every object the connection's provider offers; answers once it is enqueued.",
    response: { 201: resyncStatusSchema.describe('The pulls are enqueued.'), ...errorResponses({ ...connectionErrors, ...serverErrors }) },
  },
  setFrequency: {
    tags: ['sync'],
    security: API_KEY_SECURITY,
    operationId: 'updatePullFrequency',
    summary: 'Update pull frequency for verticals',
    response: {
      201: pullFrequencySchema.describe("The project's pull frequencies."),
      ...errorResponses({
        ...apiKeyErrors,
        400: '`invalid_request`: a frequency fails validation (`details` names it).',
        ...bodyErrors,
        ...serverErrors,
      }),
    },
  },
  getFrequency: {
    tags: ['sync'],
    security: API_KEY_SECURITY,
    operationId: 'getPullFrequency',
    summary: 'Get pull frequency for verticals',
    response: {
      200: pullFrequencySchema.describe("The project's pull frequencies."),
      ...errorResponses({ ...apiKeyErrors, ...serverErrors }),
    },
  },
};
