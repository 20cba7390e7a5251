import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, ListBody } from '../test-support.js';
import { API, accountOf, BANK, COMPANY, harness } from '../test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const CHART = [
  { number: '101300', label: 'Capital souscrit' },
  { number: '411000', label: 'Clients' },
  { number: '512100', label: 'Banque' },
  { number: '512200', label: 'Banque secondaire' },
  { number: '706000', label: 'Prestations de services' },
];

async function seedChart(): Promise<void> {
  for (const account of CHART) expect((await h.create(account)).statusCode).toBe(201);
}

const filter = (...conditions: { field: string; operator: string; value: unknown }[]) => ({ filter: JSON.stringify(conditions) });

async function numbers(query: Record<string, string>): Promise<string[]> {
  const response = await h.list(query);
  expect(response.statusCode).toBe(200);
  return (response.json() as ListBody).items.map((a) => a.number);
}

describe('GET /ledger_accounts/{id}', () => {
  it('answers the account, or 404 with the error envelope for an unknown or malformed id', async () => {
    const bank = accountOf(await h.create(BANK));
    expect((await h.read(bank.id)).json()).toEqual(bank);
    for (const id of ['999', 'abc']) {
      const missing = await h.read(id);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: 'Not found', status: 404 });
    }
  });
});

describe('GET /ledger_accounts', () => {
  it('pages by cursor in id order: items, has_more, next_cursor', async () => {
    await seedChart();
    const first = (await h.list({ limit: '2' })).json() as ListBody;
    expect(first.items.map((a) => a.id)).toEqual([1, 2]);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await h.list({ limit: '2', cursor: first.next_cursor ?? '' })).json() as ListBody;
    expect(second.items.map((a) => a.id)).toEqual([3, 4]);
    const last = (await h.list({ limit: '2', cursor: second.next_cursor ?? '' })).json() as ListBody;
    expect(last).toEqual({ items: [accountOf(await h.read(5))], has_more: false, next_cursor: null });
    // Twenty to a page unless told otherwise (in a new rate-limit window: 25 requests per 5 s).
    h.advance(5_000);
    for (let i = 0; i < 20; i++) await h.create({ number: `62${String(i).padStart(2, '0')}`, label: `Honoraires ${i}` });
    const page = (await h.list()).json() as ListBody;
    expect(page.items).toHaveLength(20);
    expect(page.has_more).toBe(true);
  });

  it('filters by number (eq, start_with) and id, every condition at once, and pages the matches', async () => {
    await seedChart();
    expect(await numbers(filter({ field: 'number', operator: 'eq', value: '512100' }))).toEqual(['512100']);
    expect(await numbers(filter({ field: 'number', operator: 'eq', value: '512' }))).toEqual([]);
    expect(await numbers(filter({ field: 'number', operator: 'start_with', value: '512' }))).toEqual(['512100', '512200']);
    expect(await numbers(filter({ field: 'id', operator: 'in', value: [1, 5] }))).toEqual(['101300', '706000']);
    expect(await numbers(filter({ field: 'id', operator: 'gteq', value: '4' }))).toEqual(['512200', '706000']);
    expect(
      await numbers(filter({ field: 'number', operator: 'start_with', value: '5' }, { field: 'id', operator: 'not_eq', value: 3 })),
    ).toEqual(['512200']);
    const page = (await h.list({ ...filter({ field: 'number', operator: 'start_with', value: '512' }), limit: '1' })).json() as ListBody;
    expect(page.items.map((a) => a.number)).toEqual(['512100']);
    expect(page.has_more).toBe(true);
  });

  it.each([
    ['a filter that is not JSON', { filter: 'number=512' }, 'Invalid filter: filter must be a JSON array'],
    ['a filter object instead of an array', { filter: '{"field":"number"}' }, 'Invalid filter: filter must be a JSON array'],
    [
      'a field it cannot filter on',
      filter({ field: 'label', operator: 'eq', value: 'Banque' }),
      'Invalid filter: unsupported field "label"',
    ],
    [
      'an operator the field does not take',
      filter({ field: 'number', operator: 'gt', value: '5' }),
      'Invalid filter: unsupported operator "gt" for number',
    ],
    ['in without an array', filter({ field: 'id', operator: 'in', value: 1 }), 'Invalid filter: in expects an array'],
    ['a limit of 0', { limit: '0' }, 'limit must be an integer between 1 and 100'],
    ['a limit over 100', { limit: '101' }, 'limit must be an integer between 1 and 100'],
    ['a cursor it did not make', { cursor: 'not-a-cursor' }, 'Invalid cursor'],
  ])('answers 400 to %s', async (_case, query, message) => {
    const response = await h.list(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: message, status: 400 });
  });

  it('answers 404 to a resource the fake does not serve', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `${API}/journals`,
      headers: { authorization: `Bearer ${h.tokens.access_token}` },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Not found', status: 404 });
    expect(h.fake.accounts(COMPANY)).toEqual([]);
  });
});
