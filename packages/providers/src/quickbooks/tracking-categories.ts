import type { PulledTrackingCategoryFields } from '@ledgersync/unified';
import { pick } from './client.js';
import { type EntityReader, entityPullHandler, parentOf } from './entity-feed.js';
import { type Mapped, pulledRecord, textOf } from './pull-support.js';

/**
 * Classes and Departments (locations) are tracking categories. Their Ids are two sequences
 * (Department 1 and Class 1 may both exist), so a remote id names the entity: `Class:5000000000000007280`.
 */
export const trackingRemoteId = (entity: 'Class' | 'Department') => (id: string) => `${entity}:${id}`;

function reader(entity: 'Class' | 'Department'): EntityReader<PulledTrackingCategoryFields> {
  const remoteId = trackingRemoteId(entity);
  const map = (row: unknown): Mapped<PulledTrackingCategoryFields> => {
    const id = textOf(row, 'Id');
    if (!id) return { skipped: { remoteId: '', reason: `a QuickBooks ${entity} without an Id` } };
    const name = textOf(row, 'Name');
    if (!name) return { skipped: { remoteId: remoteId(id), reason: `a QuickBooks ${entity} without a Name` } };
    // A Class or Department is never deleted: QuickBooks makes it inactive (it shows as "deleted").
    const active = pick(row, 'Active') !== false;
      const fields: PulledTrackingCategoryFields = {
      name,
      status: active ? 'Active' : 'Archived',
      category_type: entity,
      parent_remote_id: parentOf(row, remoteId),
    };
    return pulledRecord(remoteId(id), fields, row, active);
  };
  return { entity, remoteId, map };
}

/** Classes then Departments: the query API's pages, and each one's CDC for what changed since. */
export const quickbooksTrackingCategoriesPull = entityPullHandler([reader('Class'), reader('Department')], { cdc: true });
