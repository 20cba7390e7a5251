import type { PulledTrackingCategoryFields } from '@ledgersync/unified';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { isRecord, text } from './client.js';
import { type Mapped, pullXeroList, removalOf } from './pull.js';

function statusOf(value: unknown): 'Active' | 'Archived' | null {
  if (value === 'ACTIVE') return 'Active';
  if (value === 'ARCHIVED') return 'Archived';
  return null;
}

/**
 * A TrackingCategory and each of its options, each a record: a category's `category_type` is its
 * own name; an option's is its category's name, and its `parent_remote_id` the category's id.
 * ARCHIVED and DELETED are reported removed. An element without its id is skipped.
 */
export function pulledXeroTrackingCategory(category: Record<string, unknown>): Mapped<PulledTrackingCategoryFields>[] {
  const categoryId = text(category.TrackingCategoryID);
  if (!categoryId) return [{ skipped: { remoteId: '', reason: 'Xero answered a TrackingCategory without a TrackingCategoryID' } }];
  const categoryName = text(category.Name) ?? null;
  const record = (remoteId: string, element: Record<string, unknown>, parent: string | null): Mapped<PulledTrackingCategoryFields> => {
    const removed = removalOf(element.Status, undefined);
    const fields: PulledTrackingCategoryFields = {
      name: text(element.Name) ?? null,
      status: statusOf(element.Status),
      category_type: categoryName,
      parent_remote_id: parent,
    };
    return { record: { remoteId, fields, remoteData: element, ...(removed ? { removed } : {}) } };
  };
  const { Options, ...own } = category;
  const mapped = [record(categoryId, own, null)];
  for (const option of Array.isArray(Options) ? Options.filter(isRecord) : []) {
    const optionId = text(option.TrackingOptionID);
    mapped.push(
      optionId
        ? record(optionId, option, categoryId)
        : { skipped: { remoteId: '', reason: `Xero answered an option of tracking category ${categoryId} without a TrackingOptionID` } },
    );
  }
  return mapped;
}

/**
 * `GET /TrackingCategories?includeArchived=true` (getTrackingCategories): every category with its
 * options in one answer, archived ones included (without the flag Xero leaves them out, and a pull
 * would take an archive for a deletion). No If-Modified-Since: every pull is full, diffed by the pipeline.
 */
export const xeroTrackingCategoriesPull: PullHandler<PulledTrackingCategoryFields> = {
  list(context: PullContext): Promise<PullPage<PulledTrackingCategoryFields>> {
    return pullXeroList(
      context,
      { path: '/TrackingCategories', collection: 'TrackingCategories', query: { includeArchived: 'true' } },
      pulledXeroTrackingCategory,
    );
  },
};
