import type { PulledTrackingCategoryFields } from '@ledgersync/unified';
import type { PullContext, PullHandler, PullPage } from '../types.js';
import { record, text } from './client.js';
import { type Mapped, readCursor, readSageListPage, sageSince, sageTimeOf } from './list.js';

type Fields = PulledTrackingCategoryFields;

function times(item: Record<string, unknown>) {
  const createdAt = sageTimeOf(item.created_at);
  const updatedAt = sageTimeOf(item.updated_at);
  return { ...(createdAt ? { remoteCreatedAt: createdAt } : {}), ...(updatedAt ? { remoteUpdatedAt: updatedAt } : {}) };
}

/**
 * An analysis type (Department, Cost centre, Project...) as a tracking category of its own kind.
 * Clearing every active area is how Sage deactivates one (its help: "To deactivate an analysis
 * type, clear all checkboxes under Active Areas"): Archived then.
 */
export function pulledAnalysisType(item: Record<string, unknown>): Mapped<Fields> {
  const id = text(item.id);
  const name = text(item.name) ?? text(item.displayed_as);
  if (!id || !name) return { skipped: { remoteId: id ?? '', reason: 'Sage listed an analysis type without an id or a name' } };
  const archived = Array.isArray(item.active_areas) && item.active_areas.length === 0;
  const updatedAt = sageTimeOf(item.updated_at);
  return {
    record: {
      remoteId: id,
      fields: { name, status: archived ? 'Archived' : 'Active', category_type: name, parent_remote_id: null },
      remoteData: item,
      ...times(item),
      ...(archived ? { removed: { kind: 'archived' as const, ...(updatedAt ? { at: updatedAt } : {}) } } : {}),
    },
  };
}

/** An analysis type category: its type's name is its kind, its type its parent. */
export function pulledAnalysisCategory(item: Record<string, unknown>): Mapped<Fields> {
  const id = text(item.id);
  const name = text(item.name) ?? text(item.displayed_as);
  const type = record(item.analysis_type);
  const typeId = text(type?.id);
  if (!id || !name || !typeId) {
    return { skipped: { remoteId: id ?? '', reason: 'Sage listed an analysis type category without an id, a name or its analysis type' } };
  }
  return {
    record: {
      remoteId: id,
      fields: { name, status: 'Active', category_type: text(type?.displayed_as) ?? null, parent_remote_id: typeId },
      remoteData: item,
      ...times(item),
    },
  };
}

const QUERY = { attributes: 'all' };
const TYPES = 0;
const CATEGORIES = 1;

function readStep(context: PullContext, page: string | null, extra: Record<string, string>): Promise<PullPage<Fields>> {
  const cursor = readCursor(page);
  if ((cursor.step ?? TYPES) === TYPES) {
    return readSageListPage(
      context,
      cursor,
      { path: '/analysis_types', query: { ...QUERY, ...extra }, map: pulledAnalysisType },
      { page: 1, step: CATEGORIES },
    );
  }
  return readSageListPage(context, cursor, {
    path: '/analysis_type_categories',
    query: { ...QUERY, ...extra },
    map: pulledAnalysisCategory,
  });
}

/**
 * Sage's analysis types and their categories, one list after the other (one request a page).
 * Both lists take `updated_or_created_since`; neither takes `deleted_since` (Sage's reference),
 * so a deleted category is found by a full read.
 */
export const sageTrackingCategoryReader: PullHandler<Fields> = {
  list: (context, page) => readStep(context, page, {}),
  changes: (context, since, page) => readStep(context, page, { updated_or_created_since: sageSince(since) }),
};
