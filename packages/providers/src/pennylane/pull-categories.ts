import type { PulledTrackingCategoryFields } from '@ledgersync/unified';
import { ConnectionRevoked, ProviderRejected } from '../errors.js';
import { mapRows } from '../pulled-records.js';
import type { PullContext, PulledRecord, PullHandler, PullPage } from '../types.js';
import { idOf, pennylaneListPage, record } from './pull-page.js';

/** List category groups / List categories: "one of the following scopes: categories:all, categories:readonly". */
export const CATEGORY_SCOPES = ['categories:readonly', 'categories:all'] as const;

// Groups and categories are numbered apart: a group's remote id carries this prefix so the two never meet.
const GROUP = 'group-';

type Tracking = PulledRecord<PulledTrackingCategoryFields>;

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A category group (an analytical axis) as a top-level tracking category. */
export function fromCategoryGroup(item: Record<string, unknown>): Tracking | string {
  const id = idOf(item);
  const label = text(item.label);
  if (!id || !label) return 'Pennylane listed a category group without id or label';
  return {
    remoteId: `${GROUP}${id}`,
    fields: { name: label, status: 'Active', category_type: 'category_group', parent_remote_id: null },
    remoteData: item,
  };
}

/** A category under its group (`category_group.id`), the ids transactions carry. */
export function fromCategory(item: Record<string, unknown>): Tracking | string {
  const id = idOf(item);
  const label = text(item.label);
  if (!id || !label) return 'Pennylane listed a category without id or label';
  const group = record(item.category_group);
  const groupId = group ? idOf(group) : undefined;
  const updated = text(item.updated_at);
  return {
    remoteId: id,
    fields: { name: label, status: 'Active', category_type: 'category', parent_remote_id: groupId ? `${GROUP}${groupId}` : null },
    remoteData: item,
    ...(text(item.created_at) ? { remoteCreatedAt: text(item.created_at) as string } : {}),
    ...(updated ? { remoteUpdatedAt: updated } : {}),
  };
}

/**
 * Pennylane's analytical categories as tracking categories: every category group first, then
 * every category (the page token says which list and its cursor: `groups:…`, `categories:…`).
 * Neither list has a change feed or shows deletions: full pulls, diffed by the pipeline.
 */
export const pennylaneTrackingReader: PullHandler<PulledTrackingCategoryFields> = {
  async list(context: PullContext, page: string | null): Promise<PullPage<PulledTrackingCategoryFields>> {
    const [list, cursor]: [string, string] =
      page === null ? ['groups', ''] : [page.slice(0, page.indexOf(':')), page.slice(page.indexOf(':') + 1)];
    const groups = list === 'groups';
    const path = groups ? '/category_groups' : '/categories';
    const listed = await pennylaneListPage(context, path, CATEGORY_SCOPES, cursor || null).catch((error: unknown) => {
      // A token without the categories scope can still read and write the chart: the connection
      // is not at fault, only this object cannot be read (its pull fails with the reason). Marking
      // the connection invalid would stop every push for an optional read.
      if (error instanceof ConnectionRevoked) throw new ProviderRejected('pennylane', error.message, { status: error.status ?? 403 });
      throw error;
    });
    const { records, skipped } = mapRows(listed.items, groups ? fromCategoryGroup : fromCategory, idOf);
    const next = listed.next !== null ? `${list}:${listed.next}` : groups ? 'categories:' : null;
    return { records, skipped, next, ...(listed.quotaPauseMs !== undefined ? { quotaPauseMs: listed.quotaPauseMs } : {}) };
  },
};
