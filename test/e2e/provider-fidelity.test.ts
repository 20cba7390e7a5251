import { connections } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { signedWebhook } from '../support/signed-webhook.js';

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
    // The organisation starts with Zoho's default chart: the pushed account is found by its name.
    const remote = h.fakes.fakes.zohobooks.accounts(t.tenantId).find((a) => a.account_name === 'Goods for Resale');
    expect(remote).toMatchObject({ account_id: row.remoteId, account_name: 'Goods for Resale', account_type: 'other_current_asset' });
  });
});

describe('Pennylane', () => {
  // Since Pennylane's 2026 API changes the all-in-one `ledger` scope opens nothing: the connection
  // is at fault, not the account, and only the customer reconnecting with the new scope cures it.
  it('marks a connection whose token holds only the retired ledger scope invalid, naming the scope, and says so by webhook', async () => {
    const t = await h.tenant(['accounting.account.failed', 'connection.invalid'], 'pennylane');
    h.fakes.fakes.pennylane.grantScopes(t.tenantId, ['ledger']);
    const account = await created(t, { name: 'Banque', account_number: '512100' });

    const row = await h.settled(account.id);
    // An invalid connection fails its pushes (the pipeline's rule), with the connection as the cause.
    expect(row.syncStatus).toBe('failed');
    expect(row.syncAttempts).toBe(1);
    expect(row.lastError).toMatchObject({ code: 'connection_invalid', message: expect.stringContaining('ledger_accounts:all') });
    expect(h.fakes.fakes.pennylane.accounts(t.tenantId).filter((a) => a.number === '512100')).toEqual([]);

    const [connection] = await h.db.select().from(connections).where(eq(connections.id, t.connectionId));
    expect(connection).toMatchObject({ status: 'invalid', statusReason: expect.stringContaining('lacks the ledger_accounts:all scope') });

    // signedWebhook finds the delivery by data.id: a connection event's is the connection's.
    const { verified } = await signedWebhook(h, t.webhookSecret, 'connection.invalid', t.connectionId);
    expect(verified.data).toMatchObject({ id: t.connectionId, provider: 'pennylane', status: 'invalid', reason: connection?.statusReason });

    // The next account is refused at intake while the connection is invalid.
    const refused = await h.postAccount(t, { name: 'Caisse', account_number: '530000' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe('connection_invalid');
  });

  it('warns in the 201 that a 401… account also makes a supplier and a 411… one a company customer, which Pennylane then holds', async () => {
    const t = await h.tenant(['accounting.account.created'], 'pennylane');
    const supplier = await created(t, { name: 'Fournisseur Dupont', account_number: '401100' });
    const customer = await created(t, { name: 'Client Martin', account_number: '411200' });
    expect(supplier.warnings).toEqual([
      {
        field: 'account_number',
        code: 'side_effect',
        message: 'Pennylane also creates a supplier for a ledger account numbered 401…: pushing 401100 adds one to the company',
      },
    ]);
    expect(customer.warnings).toEqual([expect.objectContaining({ field: 'account_number', code: 'side_effect' })]);
    expect(customer.warnings[0]?.message).toContain('a company customer');

    const [supplierRow, customerRow] = [await h.settled(supplier.id), await h.settled(customer.id)];
    expect([supplierRow.syncStatus, customerRow.syncStatus]).toEqual(['synced', 'synced']);
    const pennylane = h.fakes.fakes.pennylane;
    expect(pennylane.suppliers(t.tenantId)).toEqual([
      { id: expect.any(Number), name: 'Fournisseur Dupont', ledger_account: { id: Number(supplierRow.remoteId) } },
    ]);
    expect(pennylane.companyCustomers(t.tenantId)).toEqual([
      { id: expect.any(Number), name: 'Client Martin', ledger_account: { id: Number(customerRow.remoteId) } },
    ]);
    // The warning stays on the account as read back.
    const read = await h.getAccounts(t, `/${supplier.id}`);
    expect(read.json().warnings).toEqual(supplier.warnings);
  });
});

describe('Xero', () => {
  // Xero documents archiving as an update of an ACTIVE account: the push creates, then archives.
  it('creates an Inactive account and archives it, so Xero holds it ARCHIVED', async () => {
    const t = await h.tenant(['accounting.account.created'], 'xero');
    const account = await created(t, { name: 'Old Fees', type: 'Revenue', account_number: '209', status: 'Inactive' });
    expect(account.warnings).toEqual([]);
    const row = await h.settled(account.id);
    expect(row).toMatchObject({ syncStatus: 'synced', status: 'Inactive' });
    const [remote] = h.fakes.xero.accounts(t.tenantId);
    expect(remote).toMatchObject({ AccountID: row.remoteId, Code: '209', Status: 'ARCHIVED' });
    expect(h.fakes.xero.requests.filter((r) => r.method !== 'GET' && r.path.includes('/Accounts')).map((r) => r.method)).toEqual([
      'PUT',
      'POST',
    ]);
  });

  it('refuses an Inactive bank account at intake, naming status: Xero cannot archive one', async () => {
    const t = await h.tenant(['accounting.account.created'], 'xero');
    const refused = await h.postAccount(t, { name: 'Old Bank', type: 'Bank', account_number: '091', status: 'Inactive' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details).toContainEqual({
      field: 'status',
      code: 'unsupported_value',
      message: 'Xero cannot archive a bank account through its API: send a Bank account Active, and archive it in Xero',
      accepted: ['Active'],
    });
    expect(h.fakes.xero.accounts(t.tenantId)).toEqual([]);
  });
});
