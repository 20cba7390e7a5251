import { z } from 'zod';
import { apiKeyErrors, bodyErrors, errorResponses, serverErrors } from '../schemas/errors.js';
import { rotatedWebhookSchema, webhookResponseSchema } from '../schemas/webhooks.js';

const tags = ['webhooks'];
const invalid = { 400: '`invalid_request`: a field fails validation or is unknown (`details` names each); `invalid_json`.' };
const notFound = { 404: "`not_found`: no webhook endpoint with this id in the key's project." };

/** What routes/webhooks answers, spread into each route's schema (Panora's operation ids). */
export const webhookOperations = {
  create: {
    tags,
    operationId: 'createWebhookPublic',
    summary: 'Create webhook',
    response: {
      201: webhookResponseSchema.describe('The endpoint, with its `whsec_` secret in full: the only time it is shown.'),
      ...errorResponses({ ...invalid, ...apiKeyErrors, ...bodyErrors, ...serverErrors }),
    },
  },
  list: {
    tags,
    operationId: 'listWebhooks',
    summary: 'List webhooks',
    response: {
      200: z.array(webhookResponseSchema).describe("The project's endpoints, secrets masked."),
      ...errorResponses({ ...apiKeyErrors, ...serverErrors }),
    },
  },
  remove: {
    tags,
    operationId: 'delete',
    summary: 'Delete Webhook',
    response: {
      200: webhookResponseSchema.describe('The endpoint deleted.'),
      ...errorResponses({ ...apiKeyErrors, ...notFound, ...serverErrors }),
    },
  },
  updateStatus: {
    tags,
    operationId: 'updateStatus',
    summary: 'Update webhook status',
    response: {
      200: webhookResponseSchema.describe('The endpoint, active or not.'),
      ...errorResponses({ ...invalid, ...apiKeyErrors, ...notFound, ...bodyErrors, ...serverErrors }),
    },
  },
  rotateSecret: {
    tags,
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate webhook secret',
    description:
      'A new `whsec_` secret, shown once. The replaced one keeps signing beside it for the overlap, so a receiver can deploy the new secret without rejecting a delivery in between; so do secrets replaced earlier, until their own overlap ends. Concurrent rotations run one after another: every secret returned signs.',
    response: {
      200: rotatedWebhookSchema.describe('The endpoint with its new secret in full.'),
      ...errorResponses({
        ...invalid,
        ...apiKeyErrors,
        ...notFound,
        409: '`too_many_rotations`: 10 replaced secrets are still within their overlap; rotate again once the first one ends.',
        ...bodyErrors,
        ...serverErrors,
      }),
    },
  },
};
