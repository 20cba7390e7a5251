import { CONNECTION_SECURITY } from '../document.js';
import { bodyErrors, connectionErrors, errorResponses, noContent, serverErrors } from '../schemas/errors.js';
import { fieldMappingsSchema, fieldMappingsViewSchema } from '../schemas/field-mappings.js';

const scope = { tags: ['connection/field_mappings'], security: CONNECTION_SECURITY };
const unsupportedProvider = "`unsupported_provider`: this build cannot push to the connection's provider.";

/** What routes/connection/field-mappings answers, spread into each route's schema. */
export const fieldMappingOperations = {
  list: {
    ...scope,
    operationId: 'listFieldMappings',
    summary: "The connection's field mappings",
    response: {
      200: fieldMappingsViewSchema.describe('The slugs mapped, and the provider fields a mapping may fill.'),
      ...errorResponses({ ...connectionErrors, 422: unsupportedProvider, ...serverErrors }),
    },
  },
  set: {
    ...scope,
    operationId: 'setFieldMapping',
    summary: 'Map a slug to a provider field',
    description: 'From now on, `field_mappings.{slug}` of a created account is sent as `remote_field`.',
    response: {
      200: fieldMappingsSchema.describe("The connection's mappings."),
      ...errorResponses({
        ...connectionErrors,
        422: `\`unmappable_field\`: \`remote_field\` is not one of the provider's \`mappable_fields\`; ${unsupportedProvider}`,
        ...bodyErrors,
        ...serverErrors,
      }),
    },
  },
  remove: {
    ...scope,
    operationId: 'deleteFieldMapping',
    summary: 'Remove a mapping',
    response: {
      204: noContent('Removed: a create sending this slug is refused again.'),
      ...errorResponses({ ...connectionErrors, 404: '`not_found`: the slug is not mapped.', ...serverErrors }),
    },
  },
};
