import { accounts } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// A connection's field mappings: defined by API or CLI, applied on push, enforced at intake.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const settled = (id: string) =>
  waitFor(`account ${id} to settle`, async () => {
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    return row && (row.syncStatus === 'synced' || row.syncStatus === 'failed') ? row : undefined;
  });

describe('field mappings', () => {
  it('maps a slug by API, sends its value under the provider name, and refuses it once unmapped', async () => {
    const t = await h.tenant(undefined, 'xero');
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    const put = (slug: string, remote_field: string) => h.app.inject({ method: 'PUT', url: `/connection/field_mappings/${slug}`, headers, payload: { remote_field } });

    const refused = await put('tax', 'NotAXeroField');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details[0]).toMatchObject({ field: 'remote_field', accepted: expect.arrayContaining(['TaxType']) });
    expect((await put('tax', 'TaxType')).json()).toEqual({ provider: 'xero', mappings: [{ slug: 'tax', remote_field: 'TaxType' }] });
    const listed = await h.app.inject({ method: 'GET', url: '/connection/field_mappings', headers });
    expect(listed.json()).toMatchObject({ mappings: [{ slug: 'tax', remote_field: 'TaxType' }], mappable_fields: expect.arrayContaining(['TaxType']) });

    const created = await h.postAccount(t, { name: 'Exempt Sales', type: 'Sales', account_number: '4010', field_mappings: { tax: 'EXEMPTOUTPUT' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().field_mappings).toEqual({ tax: 'EXEMPTOUTPUT' });
    const row = await settled(created.json().id);
    expect(row.syncStatus).toBe('synced');
    const sent = h.fakes.xero.requests.find((r) => r.method === 'PUT' && (r.body as { Name?: string })?.Name === 'Exempt Sales');
    expect(sent?.body).toMatchObject({ TaxType: 'EXEMPTOUTPUT' });
    expect(h.fakes.xero.accounts(t.tenantId).find((a) => a.Name === 'Exempt Sales')).toMatchObject({ TaxType: 'EXEMPTOUTPUT' });

    expect((await h.app.inject({ method: 'DELETE', url: '/connection/field_mappings/tax', headers })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'DELETE', url: '/connection/field_mappings/tax', headers })).statusCode).toBe(404);
    const unmapped = await h.postAccount(t, { name: 'More Sales', type: 'Sales', account_number: '4011', field_mappings: { tax: 'EXEMPTOUTPUT' } });
    expect(unmapped.statusCode).toBe(422);
    expect(unmapped.json().details[0]).toMatchObject({ field: 'field_mappings.tax', accepted: [] });
  });

  it('fails a push, clearly, whose slug was unmapped after intake', async () => {
    const t = await h.tenant();
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
    await h.app.inject({ method: 'PUT', url: '/connection/field_mappings/alias', headers, payload: { remote_field: 'AccountAlias' } });
    await h.stopWorkers();
    const created = await h.postAccount(t, { name: 'Aliased', type: 'Expense', field_mappings: { alias: 'Supplies' } });
    expect(created.statusCode).toBe(201);
    await h.app.inject({ method: 'DELETE', url: '/connection/field_mappings/alias', headers });
    await h.startWorkers();
    const row = await settled(created.json().id);
    expect(row).toMatchObject({ syncStatus: 'failed', lastError: { code: 'invalid_mapping', message: expect.stringContaining('alias') } });
    expect(h.fakes.quickbooks.accounts(t.realmId)).toHaveLength(0);
  });

  it('is managed from the admin CLI too', async () => {
    const t = await h.tenant();
    const cli = (...args: string[]) => runCli({ DATABASE_URL: h.databaseUrl, LEDGERSYNC_ENCRYPTION_KEY: h.encryptionKey }, ...args);
    const set = await cli('connections', 'mappings', '--project', t.projectId, '--connection', t.connectionId, '--set', 'alias=AccountAlias', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ provider: 'quickbooks', mappings: { alias: 'AccountAlias' } });
    const wrong = await cli('connections', 'mappings', '--project', t.projectId, '--connection', t.connectionId, '--set', 'alias=Nope');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('AccountAlias');
    const created = await h.postAccount(t, { name: 'Via CLI', type: 'Expense', field_mappings: { alias: 'Petty' } });
    expect(created.statusCode).toBe(201);
    expect((await settled(created.json().id)).syncStatus).toBe('synced');
    const unset = await cli('connections', 'mappings', '--project', t.projectId, '--connection', t.connectionId, '--unset', 'alias', '--json');
    expect(JSON.parse(unset.stdout).mappings).toEqual({});
  });
});
