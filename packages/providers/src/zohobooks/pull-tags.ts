import type { PulledTrackingCategoryFields } from '@ledgersync/unified';
import type { PullContext, PulledRecord, PullHandler, SkippedRecord } from '../types.js';
import { record, text } from './client.js';
import { zohoListPage } from './pull-page.js';

type Tracking = PulledRecord<PulledTrackingCategoryFields>;

const status = (row: Record<string, unknown>) => (row.is_active === false ? 'Archived' : 'Active');

/**
 * A reporting tag and its options as tracking categories: the tag itself (`tag_id`), then each
 * option (`tag_option_id`) under it, as Codat's reference files them. An inactive tag or option is
 * archived, never dropped.
 */
export function fromZohoTag(row: Record<string, unknown>): { records: Tracking[]; skipped: SkippedRecord[] } {
  const tagId = text(row.tag_id);
  const tagName = text(row.tag_name);
  if (!tagId || !tagName)
    return { records: [], skipped: [{ remoteId: tagId ?? '', reason: 'Zoho Books listed a reporting tag without tag_id or tag_name' }] };
  const tag: Tracking = {
    remoteId: tagId,
    fields: { name: tagName, status: status(row), category_type: 'reporting_tag', parent_remote_id: null },
    remoteData: row,
    ...(row.is_active === false ? { removed: { kind: 'archived' as const } } : {}),
  };
  const records: Tracking[] = [tag];
  const skipped: SkippedRecord[] = [];
  const options = Array.isArray(row.tag_options) ? row.tag_options : [];
  for (const raw of options) {
    const option = record(raw) ?? {};
    const id = text(option.tag_option_id);
    const name = text(option.tag_option_name);
    if (!id || !name) {
      skipped.push({ remoteId: id ?? '', reason: `an option of reporting tag ${tagId} has no tag_option_id or tag_option_name` });
      continue;
    }
    records.push({
      remoteId: id,
      fields: { name, status: status(option), category_type: tagName, parent_remote_id: tagId },
      remoteData: option,
      ...(option.is_active === false ? { removed: { kind: 'archived' as const } } : {}),
    });
  }
  return { records, skipped };
}

/** The organisation's reporting tags (`GET /reportingtags`) with their options; no change feed: full pulls, diffed. */
export const zohobooksTrackingReader: PullHandler<PulledTrackingCategoryFields> = {
  async list(context: PullContext, page: string | null) {
    const { rows, next } = await zohoListPage(context, '/reportingtags', 'reporting_tags', page);
    const records: Tracking[] = [];
    const skipped: SkippedRecord[] = [];
    for (const raw of rows) {
      const mapped = fromZohoTag(record(raw) ?? {});
      records.push(...mapped.records);
      skipped.push(...mapped.skipped);
    }
    return { records, skipped, next };
  },
};
