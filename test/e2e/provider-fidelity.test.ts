import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// What a client sees of a provider's own rules (issue 12, second pass): each test goes through the
// API, the worker and the provider's fake, and looks at the account there and on the row.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function created(t: { apiKey: string; connectionToken: string }, body: object) {
  const response = await h.postAccount(t, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; warnings: { field: string; code: string; message: string }[] };
}

describe('Zoho Books', () => {
  it('creates an Inventory account as other_current_asset, a type its API documents', async () => {
    const t = await h.tenant(['accounting.account.created'], 'zohobooks');
    const account = await created(t, { name: 'Goods for Resale', type: 'Inventory', account_number: '1400' });
    const row = await h.settled(account.id);
    expect(row).toMatchObject({ syncStatus: 'synced', type: 'Inventory', classification: 'Asset' });
    const [remote] = h.fakes.fakes.zohobooks.accounts(t.tenantId);
    expect(remote).toMatchObject({ account_id: row.remoteId, account_name: 'Goods for Resale', account_type: 'other_current_asset' });
  });
});
