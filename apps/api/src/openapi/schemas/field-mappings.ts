import { z } from 'zod';

const mappingFields = {
  provider: z.string().meta({ examples: ['quickbooks'] }),
  mappings: z.array(
    z.object({
      slug: z.string().meta({ description: 'The key clients send in `field_mappings`.', examples: ['cost_center'] }),
      remote_field: z.string().meta({ description: 'The provider field it is sent as.', examples: ['AcctNum'] }),
    }),
  ),
};

/** The connection's mappings, as `PUT` and `DELETE` leave them. */
export const fieldMappingsSchema = z.object(mappingFields).meta({ id: 'FieldMappings' });

/** `GET`: the mappings and the provider fields a mapping may fill. */
export const fieldMappingsViewSchema = z
  .object({
    ...mappingFields,
    mappable_fields: z.array(z.string()).readonly().meta({ description: "The provider's fields a mapping may fill." }),
  })
  .meta({ id: 'FieldMappingsView' });
