import { PerTenant } from '../../shared/objects.js';
import {
  businessValidation,
  deletedListElement,
  duplicateName,
  invalidReference,
  objectNotFound,
  requiredParamMissing,
  staleObject,
  stringTooLong,
  unsupportedOperation,
} from '../faults.js';
import type { QueryField, QueryTable } from '../query.js';
import { COMPANY_PATH, type ChangeFeed, type QuickbooksObject } from '../routes.js';
import { recordXml } from '../xml.js';
import { copyRecord, type ListRecord, ListStore } from './store.js';

const MAX_NAME = 100;
const MAX_DEPTH = 5;

/** How one list entity is set up in a new realm, and how it is read and written. */
export interface ListEntityOptions {
  /** As QuickBooks spells it (`Class`), its path lower-cased (`/class`). */
  entity: string;
  /** The records a new realm starts with (the default books), or none. */
  seed(store: ListStore, now: number): void;
  /** Queryable properties beyond Id, Name, Active and MetaData's times. */
  fields?: readonly QueryField<ListRecord>[];
  /**
   * Created and updated through the API (Class, Department: `SubClass`/`SubDepartment` names the
   * flag of a child); absent for a read-only entity (TaxRate, which TaxService creates).
   */
  writable?: { subFlag: string };
  /** When the realm's company was made: the default records' times. */
  createdAt(realmId: string): number;
  /** Served by change data capture (Intuit: every entity but JournalCode, TaxAgency, TimeActivity, TaxCode, TaxRate). */
  cdc: boolean;
}

/** A list entity of the fake, with its realms' stores for the fake's knobs. */
export interface ListEntity extends QuickbooksObject {
  stores: PerTenant<ListStore>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function baseFields(): QueryField<ListRecord>[] {
  return [
    { name: 'Id', kind: 'number', get: (r) => Number(r.Id) },
    { name: 'Name', kind: 'string', get: (r) => r.Name },
    { name: 'Active', kind: 'boolean', get: (r) => r.Active },
    { name: 'MetaData.CreateTime', kind: 'date', get: (r) => Date.parse(r.MetaData.CreateTime) },
    { name: 'MetaData.LastUpdatedTime', kind: 'date', get: (r) => Date.parse(r.MetaData.LastUpdatedTime) },
  ];
}

/** A name-list entity: read by Id, `/query`, change data capture, and for Class and Department create and update. */
export function listEntity(options: ListEntityOptions): ListEntity {
  const { entity } = options;
  const stores = new PerTenant((realmId) => {
    const store = new ListStore();
    options.seed(store, options.createdAt(realmId));
    return store;
  });
  const fields = [...baseFields(), ...(options.fields ?? [])];
  if (options.writable) fields.push({ name: 'FullyQualifiedName', kind: 'string', get: (r) => r.FullyQualifiedName as string | undefined });
  const query: QueryTable<ListRecord> = {
    entity,
    fields,
    // Intuit's Class and TaxRate query samples come back in name order.
    defaultOrder: options.writable ? 'fullyqualifiedname' : 'name',
    activeField: 'active',
    rows: (realmId) => stores.of(realmId).inIdOrder,
    inIdOrder: (realmId) => stores.of(realmId).inIdOrder,
    id: (record) => Number(record.Id),
    snapshot: copyRecord,
  };
  const feed: ChangeFeed = {
    entity,
    changedSince: (realmId, since) => stores.of(realmId).changedSince(since).map(({ record, at }) => ({ record: copyRecord(record), at })),
  };
  const path = `${COMPANY_PATH}/${entity.toLowerCase()}`;
  return {
    entity,
    xml: (record) => recordXml(entity, record),
    query: query as QueryTable<unknown>,
    ...(options.cdc ? { feed } : {}),
    nameList: true,
    stores,
    register(app, gateway) {
      const read = gateway.read(entity, (id, realmId) => {
        const record = stores.of(realmId).records.get(id);
        return record === undefined ? undefined : copyRecord(record);
      });
      app.get(`${path}/:id`, gateway.api(read));
      const writable = options.writable;
      if (!writable) return;
      const write = gateway.create(entity, (body, realmId, now, params) => {
        // A name list is never deleted: QuickBooks makes its records inactive (NOTES.md).
        if (params.operation === 'delete') throw unsupportedOperation(`${path.replace(COMPANY_PATH, '')}?operation=delete`);
        const store = stores.of(realmId);
        if (!isRecord(body)) throw requiredParamMissing('Name');
        const record = body.Id === undefined ? createRecord(store, body, now, writable.subFlag) : updateRecord(store, body, now);
        return copyRecord(record);
      });
      app.post(path, gateway.api(write));
    },
    reset: () => stores.clear(),
  };
}

function checkedName(body: Record<string, unknown>): string {
  const name = typeof body.Name === 'string' ? body.Name.trim() : '';
  if (name === '') throw requiredParamMissing('Name');
  if (name.length > MAX_NAME) throw stringTooLong('Name', MAX_NAME, name.length);
  if (name.includes(':')) throw businessValidation('Name must not contain a colon (:).', 'Name');
  return name;
}

function nameHolder(store: ListStore, name: string, except?: string): ListRecord | undefined {
  const wanted = name.toLowerCase();
  // Names are unique among siblings in QuickBooks' lists; the fake is stricter: in the whole list.
  return store.inIdOrder.find((record) => record.Id !== except && record.Name.toLowerCase() === wanted);
}

function createRecord(store: ListStore, body: Record<string, unknown>, now: number, subFlag: string): ListRecord {
  const name = checkedName(body);
  const holder = nameHolder(store, name);
  if (holder) throw duplicateName(holder.Id);
  const parentId = isRecord(body.ParentRef) ? String(body.ParentRef.value ?? '') : undefined;
  const parent = parentId === undefined ? undefined : store.records.get(parentId);
  if (parentId !== undefined && (parent === undefined || !parent.Active)) throw invalidReference('ParentRef');
  const parentName = parent?.FullyQualifiedName as string | undefined;
  if (parentName && parentName.split(':').length >= MAX_DEPTH) throw businessValidation(`Only ${MAX_DEPTH} levels are allowed.`, 'ParentRef');
  return store.insertChild(now, name, parent, subFlag);
}

/** Full or sparse update: Id and the latest SyncToken, and the Name (QuickBooks asks for it on a Class deactivation too). */
function updateRecord(store: ListStore, body: Record<string, unknown>, now: number): ListRecord {
  if (body.SyncToken === undefined || body.SyncToken === null) throw requiredParamMissing('SyncToken');
  const record = store.records.get(String(body.Id));
  if (record === undefined) throw objectNotFound();
  if (String(body.SyncToken) !== record.SyncToken) throw staleObject();
  const name = checkedName(body);
  const active = body.Active === undefined ? undefined : body.Active === true || body.Active === 'true';
  if (!record.Active && active !== true) throw deletedListElement();
  const holder = nameHolder(store, name, record.Id);
  if (holder) throw duplicateName(holder.Id);
  if (name !== record.Name) {
    const before = record.FullyQualifiedName as string;
    record.FullyQualifiedName = `${before.slice(0, before.length - record.Name.length)}${name}`;
    record.Name = name;
  }
  if (active !== undefined) record.Active = active;
  store.touch(record, now);
  return record;
}
