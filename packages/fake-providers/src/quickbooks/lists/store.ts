import { JsonNumber } from '@ledgersync/unified';
import { ChangeLog } from '../change-log.js';
import { intuitDateTime } from '../time.js';

/** What every list entity (Class, Department, TaxRate) has, as QuickBooks answers it. */
export interface ListRecord {
  Id: string;
  SyncToken: string;
  Name: string;
  Active: boolean;
  domain: 'QBO';
  sparse: false;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
  [field: string]: unknown;
}

/** One realm's records of one list entity, by Id in creation order, with their change times. */
export class ListStore {
  readonly records = new Map<string, ListRecord>();
  /** In Id order: a page is a slice. */
  readonly inIdOrder: ListRecord[] = [];
  readonly changes = new ChangeLog();
  /** Epoch ms of each record's last change (MetaData keeps seconds only). */
  readonly changedAt = new Map<string, number>();
  private nextId = 1;

  /** Stores a new record built from its Id and metadata. */
  insert(now: number, build: (id: string, meta: ListRecord['MetaData']) => ListRecord): ListRecord {
    const id = String(this.nextId++);
    const stamp = intuitDateTime(now, false);
    const record = build(id, { CreateTime: stamp, LastUpdatedTime: stamp });
    this.records.set(id, record);
    this.inIdOrder.push(record);
    this.noteChange(record, now);
    return record;
  }

  /**
   * A new Class or Department named `name` under `parent` (a top-level one without):
   * `subFlag` is the entity's flag of a child (`SubClass`, `SubDepartment`).
   */
  insertChild(now: number, name: string, parent: ListRecord | undefined, subFlag: string): ListRecord {
    const parentName = parent?.FullyQualifiedName as string | undefined;
    return this.insert(now, (id, meta) => ({
      Name: name,
      [subFlag]: parent !== undefined,
      ...(parent ? { ParentRef: { value: parent.Id } } : {}),
      FullyQualifiedName: parentName ? `${parentName}:${name}` : name,
      Active: true,
      domain: 'QBO',
      sparse: false,
      Id: id,
      SyncToken: '0',
      MetaData: meta,
    }));
  }

  /** A record changed: its next SyncToken, its LastUpdatedTime, and an entry for change data capture. */
  touch(record: ListRecord, now: number): void {
    record.SyncToken = String(Number(record.SyncToken) + 1);
    record.MetaData = { ...record.MetaData, LastUpdatedTime: intuitDateTime(now, false) };
    this.noteChange(record, now);
  }

  /** The records changed at or after `since`, with when. */
  changedSince(since: number): { record: ListRecord; at: number }[] {
    return this.changes.since(since).flatMap((id) => {
      const record = this.records.get(id);
      return record ? [{ record, at: this.changedAt.get(id) ?? since }] : [];
    });
  }

  private noteChange(record: ListRecord, now: number): void {
    this.changedAt.set(record.Id, now);
    this.changes.record(record.Id, now);
  }
}

/** A copy as answered, so later changes never reach an answer already given (JsonNumbers are immutable: shared). */
export function copyRecord<R>(record: R): R {
  if (Array.isArray(record)) return record.map(copyRecord) as R;
  if (record === null || typeof record !== 'object' || record instanceof JsonNumber) return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, copyRecord(value)])) as R;
}
