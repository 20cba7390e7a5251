import { JsonNumber } from '@ledgersync/unified';
import { DEFAULT_CLASSES, DEFAULT_DEPARTMENTS, DEFAULT_TAX_RATES } from '../books/default-lists.js';
import type { ListStore } from './store.js';
import { type ListEntity, listEntity } from './index.js';

/** Whether a new realm starts with a new company's default books or with nothing. */
export type Books = 'default' | 'empty';

function seedTree(store: ListStore, now: number, subFlag: string, entries: readonly { Name: string; parent?: string }[]): void {
  for (const entry of entries) {
    const parent = entry.parent === undefined ? undefined : store.inIdOrder.find((record) => record.Name === entry.parent);
    store.insertChild(now, entry.Name, parent, subFlag);
  }
}

/** Class, Department and TaxRate, each realm starting with `books`. */
export function quickbooksLists(settings: { books: Books; createdAt(realmId: string): number }): { classes: ListEntity; departments: ListEntity; taxRates: ListEntity } {
  const seeded = (seed: (store: ListStore, now: number) => void) => (store: ListStore, now: number) => {
    if (settings.books === 'default') seed(store, now);
  };
  const classes = listEntity({
    entity: 'Class',
    writable: { subFlag: 'SubClass' },
    seed: seeded((store, now) => seedTree(store, now, 'SubClass', DEFAULT_CLASSES)),
    cdc: true,
    createdAt: settings.createdAt,
  });
  const departments = listEntity({
    entity: 'Department',
    writable: { subFlag: 'SubDepartment' },
    seed: seeded((store, now) => seedTree(store, now, 'SubDepartment', DEFAULT_DEPARTMENTS)),
    cdc: true,
    createdAt: settings.createdAt,
  });
  const taxRates = listEntity({
    entity: 'TaxRate',
    seed: seeded((store, now) => {
      for (const rate of DEFAULT_TAX_RATES) {
        store.insert(now, (id, meta) => ({
          RateValue: new JsonNumber(rate.RateValue),
          AgencyRef: { value: rate.agency },
          domain: 'QBO',
          Name: rate.Name,
          SyncToken: '0',
          SpecialTaxType: 'NONE',
          DisplayType: 'ReadOnly',
          sparse: false,
          Active: true,
          MetaData: meta,
          Id: id,
          Description: rate.Description,
        }));
      }
    }),
    cdc: false,
    fields: [{ name: 'Description', kind: 'string', get: (r) => r.Description as string | undefined }],
    createdAt: settings.createdAt,
  });
  return { classes, departments, taxRates };
}
