import { apiKeyErrors, bodyErrors, errorResponses, serverErrors } from '../schemas/errors.js';
import { eventPageSchema, eventWithDeliveriesSchema, replaySchema } from '../schemas/events.js';

const tags = ['events'];
const invalid = { 400: '`invalid_request`: a parameter or field fails validation (`details` names each); `invalid_json`.' };
const notFound = { 404: "`not_found`: no event with this id in the key's project." };

/** What routes/events answers, spread into each route's schema. */
export const eventOperations = {
  list: {
    tags,
    operationId: 'listEvents',
    summary: 'List events',
    description: "The project's events, newest first: what its webhooks carry.",
    response: {
      200: eventPageSchema.describe('A page of events.'),
      ...errorResponses({ ...invalid, ...apiKeyErrors, ...serverErrors }),
    },
  },
  retrieve: {
    tags,
    operationId: 'retrieveEvent',
    summary: 'Retrieve an event',
    description: 'One event, with its deliveries and every attempt of each.',
    response: {
      200: eventWithDeliveriesSchema.describe('The event and its deliveries.'),
      ...errorResponses({ ...apiKeyErrors, ...notFound, ...serverErrors }),
    },
  },
  replay: {
    tags,
    operationId: 'replayEvent',
    summary: 'Replay an event',
    description: 'Sends the event again (same `webhook-id`) to every active endpoint subscribed to it, or to `endpoint_id` only.',
    response: {
      202: replaySchema.describe('The deliveries queued.'),
      ...errorResponses({
        ...invalid,
        ...apiKeyErrors,
        ...notFound,
        ...bodyErrors,
        422: '`no_endpoint`: no active endpoint (with that id) is subscribed to the event.',
        ...serverErrors,
      }),
    },
  },
};
