import { afterEach, describe, expect, it } from 'vitest';
import type { Harness, Page } from './test-support.js';
import { BUSINESS, diagnosesOf, harness } from './test-support.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe("a new business's tax rates, analysis types and company", () => {
  it('lists the UK VAT rates, paged like every list, with updated_or_created_since', async () => {
    h = await harness({ defaultBooks: true });
    const page = (await h.get('/tax_rates?attributes=all')).json() as Page;
    expect(page.$items.map((r) => [r.id, r.percentage])).toEqual([
      ['GB_STANDARD', 20],
      ['GB_LOWER', 5],
      ['GB_ZERO', 0],
      ['GB_EXEMPT', 0],
      ['GB_NO_TAX', 0],
    ]);
    expect(page.$items[0]).toMatchObject({
      name: 'Standard',
      displayed_as: 'Standard 20.00%',
      is_visible: true,
      created_at: '2025-06-01T19:00:00Z',
    });
    expect(((await h.get('/tax_rates')).json() as Page).$items[0]).toEqual({
      id: 'GB_STANDARD',
      displayed_as: 'Standard 20.00%',
      $path: '/tax_rates/GB_STANDARD',
    });
    h.advance(60_000);
    h.fake.changeTaxRate(BUSINESS, 'GB_LOWER', { percentage: 8.875 });
    const changed = (await h.get('/tax_rates?updated_or_created_since=2025-06-01T19:01:00Z&attributes=all')).json() as Page;
    expect(changed.$items).toEqual([expect.objectContaining({ id: 'GB_LOWER', percentage: 8.875, updated_at: '2025-06-01T19:01:00Z' })]);
    expect((await h.get('/tax_rates/GB_ZERO')).json()).toMatchObject({ id: 'GB_ZERO', percentage: 0 });
    expect((await h.get('/tax_rates?items_per_page=201')).statusCode).toBe(422);
  });

  it('lists analysis types with their categories; a type renamed or deactivated by PUT, a category deleted', async () => {
    h = await harness({ defaultBooks: true });
    const types = (await h.get('/analysis_types?attributes=all')).json() as Page;
    expect(types.$items.map((t) => t.name)).toEqual([
      'Department',
      'Cost centre',
      'Project',
      'Customer group',
      'Supplier group',
      'Product group',
    ]);
    const department = types.$items[0] as { id: string; analysis_type_categories: { id: string; name: string; code: string }[] };
    expect(department.analysis_type_categories.map((c) => [c.code, c.name])).toEqual([
      ['01', 'Department 1'],
      ['02', 'Department 2'],
      ['03', 'Department 3'],
    ]);
    const categories = (await h.get('/analysis_type_categories?items_per_page=200&attributes=all')).json() as Page;
    expect(categories.$total).toBe(18);
    expect(categories.$items[0]).toMatchObject({ analysis_type: { id: department.id, displayed_as: 'Department' } });
    h.advance(60_000);
    const put = await h.send('PUT', `/analysis_types/${department.id}`, { analysis_type: { name: 'Branch', active_areas: [] } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: 'Branch', active_areas: [], updated_at: '2025-06-01T19:01:00Z' });
    const since = (await h.get('/analysis_types?updated_or_created_since=2025-06-01T19:01:00Z')).json() as Page;
    expect(since.$items.map((t) => t.id)).toEqual([department.id]);
    const gone = department.analysis_type_categories[2]?.id ?? '';
    expect((await h.send('DELETE', `/analysis_type_categories/${gone}`)).statusCode).toBe(204);
    expect((await h.get(`/analysis_type_categories/${gone}`)).statusCode).toBe(404);
    expect(((await h.get('/analysis_type_categories?items_per_page=200')).json() as Page).$total).toBe(17);
    const created = await h.send('POST', '/analysis_type_categories', {
      analysis_type_category: { code: '01', name: 'Again', analysis_type_id: department.id },
    });
    expect(diagnosesOf(created)).toEqual([['code', expect.any(String)]]);
  });

  it('answers the business and its financial settings', async () => {
    h = await harness({ defaultBooks: true });
    const business = await h.get(`/businesses/${BUSINESS}`);
    expect(business.json()).toMatchObject({ id: BUSINESS, country: { id: 'GB' }, created_at: '2025-06-01T19:00:00Z' });
    expect((await h.get('/businesses/lead')).json()).toEqual(business.json());
    expect((await h.get('/businesses/ffffffffffffffffffffffffffffffff')).statusCode).toBe(404);
    expect((await h.get('/businesses')).json()).toMatchObject({ $total: 1, $items: [{ id: BUSINESS }] });
    expect((await h.get('/financial_settings')).json()).toMatchObject({ base_currency: { id: 'GBP' }, year_end_date: '2025-12-31' });
  });
});
