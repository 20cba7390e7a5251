import { queryParams } from '../../shared/http.js';
import { PerTenant } from '../../shared/objects.js';
import { type ZohoAnswer, ZohoError, zohoSuccess } from '../answers.js';
import { ZOHO_SUCCESS } from '../messages.js';
import { zohoPage } from '../paging.js';
import { API_PATH } from '../routes.js';
import type { ZohoObject } from '../routes.js';

/** A reporting tag option (`tag_option_id`, `tag_option_name`: the names Zoho's tags carry on transactions). */
export interface ZohoTagOption {
  tag_option_id: string;
  tag_option_name: string;
  is_active: boolean;
}

/** A reporting tag with its options, as the fake lists it (the list's shape is unconfirmed: NOTES.md). */
export interface ZohoReportingTag {
  tag_id: string;
  tag_name: string;
  description: string;
  is_active: boolean;
  tag_options: ZohoTagOption[];
}

/**
 * The reporting tags a new organisation of the fake holds. A real one has none until they are
 * created (Settings > Reporting Tags, on the plans that have them); the fake starts with the
 * docs' own scenario, a tag for locations, with one option inactive.
 */
const DEFAULT_TAGS = [
  {
    name: 'Region',
    description: 'Where the sale happened',
    options: [
      ['North', true],
      ['South', true],
      ['Overseas', false],
    ] as const,
  },
];

const FIRST_TAG_ID = 460_000_000_070_000;

export interface ZohoReportingTags extends ZohoObject {
  list(organizationId: string): ZohoReportingTag[];
}

/** `GET /reportingtags` (List of all Reporting Tags), each with its options, paged like every Zoho list. */
export function zohoReportingTags(idsAfter: number, seeded: boolean): ZohoReportingTags {
  let lastId = FIRST_TAG_ID + idsAfter;
  const stores = new PerTenant(() =>
    (seeded ? DEFAULT_TAGS : ([] as typeof DEFAULT_TAGS)).map(
      (tag): ZohoReportingTag => ({
        tag_id: String(++lastId),
        tag_name: tag.name,
        description: tag.description,
        is_active: true,
        tag_options: tag.options.map(([name, active]) => ({ tag_option_id: String(++lastId), tag_option_name: name, is_active: active })),
      }),
    ),
  );
  return {
    register(app, { api }) {
      app.get(
        `${API_PATH}/reportingtags`,
        api((req, context): ZohoAnswer => {
          try {
            const { rows, page_context } = zohoPage(stores.of(context.organizationId), queryParams(req.url));
            return zohoSuccess(200, ZOHO_SUCCESS.success, { reporting_tags: rows.map((tag) => structuredClone(tag)), page_context });
          } catch (error) {
            if (error instanceof ZohoError) return error.answer;
            throw error;
          }
        }),
      );
    },
    list: (organizationId) => stores.of(organizationId).map((tag) => structuredClone(tag)),
    reset: () => {
      stores.clear();
      lastId = FIRST_TAG_ID + idsAfter;
    },
  };
}
