import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XeroTrackingCategory } from '../books/index.js';
import { type Harness, harness, TENANT } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ books: 'default' });
});
afterEach(async () => {
  await h.close();
});

const list = async (query = '') => {
  const response = await h.api('GET', `/TrackingCategories${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { TrackingCategories: XeroTrackingCategory[] }).TrackingCategories;
};
const shape = (categories: XeroTrackingCategory[]) => categories.map((c) => [c.Name, c.Status, c.Options.map((o) => `${o.Name}:${o.Status}`)]);
const region = () => {
  const found = h.fake.trackingCategories(TENANT).find((c) => c.Name === 'Region');
  if (!found) throw new Error('no Region');
  return found;
};
const optionUrl = (name: string) => {
  const category = region();
  return `/TrackingCategories/${category.TrackingCategoryID}/Options/${category.Options.find((o) => o.Name === name)?.TrackingOptionID}`;
};

describe('GET /TrackingCategories', () => {
  it('lists the categories with their options', async () => {
    expect(shape(await list())).toEqual([
      ['Region', 'ACTIVE', ['Eastside:ACTIVE', 'North:ACTIVE', 'South:ACTIVE', 'West Coast:ACTIVE']],
      ['Department', 'ACTIVE', ['Sales:ACTIVE', 'Operations:ACTIVE']],
    ]);
    expect(shape(await list('?order=Name'))[0]?.[0]).toBe('Department');
  });

  it('archives an option through Xero’s update, shown only with includeArchived=true', async () => {
    const archived = await h.api('POST', optionUrl('North'), { Status: 'ARCHIVED' });
    expect(archived.statusCode, archived.body).toBe(200);
    expect((archived.json() as { Options: unknown[] }).Options).toEqual([
      expect.objectContaining({ Name: 'North', Status: 'ARCHIVED', IsArchived: true, IsActive: false, IsDeleted: false }),
    ]);
    expect(shape(await list())[0]?.[2]).toEqual(['Eastside:ACTIVE', 'South:ACTIVE', 'West Coast:ACTIVE']);
    expect(shape(await list('?includeArchived=true'))[0]?.[2]).toEqual(['Eastside:ACTIVE', 'North:ARCHIVED', 'South:ACTIVE', 'West Coast:ACTIVE']);
  });

  it('renames an option, refuses a name its category already has, and deletes one for good', async () => {
    const renamed = await h.api('POST', optionUrl('South'), { Name: 'Southland' });
    expect(renamed.statusCode).toBe(200);
    const clash = await h.api('POST', optionUrl('Southland'), { Name: 'north' });
    expect(clash.statusCode).toBe(400);
    expect(clash.json()).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
    const deleted = await h.api('DELETE', optionUrl('Eastside'));
    expect((deleted.json() as { Options: unknown[] }).Options).toEqual([expect.objectContaining({ Name: 'Eastside', Status: 'DELETED', IsDeleted: true })]);
    expect(shape(await list('?includeArchived=true'))[0]?.[2]).toEqual(['North:ACTIVE', 'Southland:ACTIVE', 'West Coast:ACTIVE']);
  });

  it('archives a category, filtered by where Status', async () => {
    expect((await h.api('POST', `/TrackingCategories/${region().TrackingCategoryID}`, { Status: 'ARCHIVED' })).statusCode).toBe(200);
    expect(shape(await list()).map((c) => c[0])).toEqual(['Department']);
    const archived = await list(`?includeArchived=true&where=${encodeURIComponent('Status=="ARCHIVED"')}`);
    expect(archived.map((c) => c.Name)).toEqual(['Region']);
  });
});
