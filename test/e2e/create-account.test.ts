import { exampleAccountBody } from '@ledgersync/unified';
import { accounts, events, webhookDeliveries } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { signedWebhook } from '../support/signed-webhook.js';
import { waitFor } from '../support/wait.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const accountRow = async (id: string) => (await h.db.select().from(accounts).where(eq(accounts.id, id)))[0];

describe("Panora's Create Accounts, end to end", () => {
  it('pushes the seed request to QuickBooks, records the result and tells the customer', async () => {
    const t = await h.tenant();
    const parent = await h.postAccount(t, { name: 'Current Assets', type: 'Current Asset', account_number: '1' });
    expect(parent.statusCode).toBe(201);
    const parentId = parent.json().id as string;
    // The seed's custom fields go to QuickBooks under the names this connection maps them to.
    for (const [slug, remote_field] of [['custom_field_1', 'AccountAlias'], ['custom_field_2', 'TxnLocationType']]) {
      const mapped = await h.app.inject({
        method: 'PUT',
        url: `/connection/field_mappings/${slug}`,
        headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
        payload: { remote_field },
      });
      expect(mapped.statusCode).toBe(200);
    }

    const response = await h.postAccount(t, exampleAccountBody(parentId), '?remote_data=false');
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      ...exampleAccountBody(parentId),
      remote_id: null,
      remote_data: null,
      sync: { status: 'pending', attempts: 0, last_error: null },
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(created.created_at).toISOString()).toBe(created.created_at);
    expect(created.warnings).toEqual([]);

    // The worker pushed it: the row is synced with QuickBooks' id and raw answer.
    const row = await waitFor('the account to be synced', async () => {
      const current = await accountRow(created.id);
      return current?.syncStatus === 'synced' ? current : undefined;
    });
    expect(row.remoteId).toMatch(/^\d+$/);
    expect(row.remoteData).toMatchObject({ Account: { Id: row.remoteId, Name: 'Cash' } });

    // The account exists at the provider, read back through QuickBooks' own API.
    const parentRow = await accountRow(parentId);
    const remote = await fetch(`${h.fakes.baseUrls.quickbooks}/v3/company/${t.realmId}/account/${row.remoteId}?minorversion=75`, {
      headers: { Authorization: `Bearer ${t.accessToken}`, Accept: 'application/json' },
    });
    expect(remote.status).toBe(200);
    expect(((await remote.json()) as { Account: unknown }).Account).toMatchObject({
      Name: 'Cash',
      AccountType: 'Other Current Asset',
      AccountSubType: 'OtherCurrentAssets',
      AcctNum: '1000',
      Description: 'Main cash account for daily operations',
      Active: true,
      CurrencyRef: { value: 'USD' },
      CurrentBalance: 10000,
      SubAccount: true,
      ParentRef: { value: parentRow?.remoteId },
      FullyQualifiedName: 'Current Assets:Cash',
    });
    const pushes = h.fakes.quickbooks.requests.filter((r) => r.method === 'POST' && r.query.requestid === created.id);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.query.minorversion).toBe('75');
    expect(pushes[0]?.body).toMatchObject({ AccountAlias: 'value1', TxnLocationType: 'value2' });

    // The customer's endpoint got a signed accounting.account.created carrying the unified account.
    const { delivery, verified } = await signedWebhook(h, t.webhookSecret, 'accounting.account.created', created.id);
    expect(verified.data).toMatchObject({ id: created.id, remote_id: row.remoteId, name: 'Cash', sync: { status: 'synced' } });
    expect(delivery.headers['webhook-id']).toBe(verified.id);

    // Reading it back through the API: remote_data only on request.
    const read = await h.getAccounts(t, `/${created.id}?remote_data=true`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: created.id, remote_id: row.remoteId, remote_data: { Account: { Id: row.remoteId } }, sync: { status: 'synced', attempts: 1 } });
    const plain = await h.getAccounts(t, `/${created.id}`);
    expect(plain.json().remote_data).toBeNull();

    // Each attempt of the delivery is recorded.
    const [eventRow] = await h.db.select().from(events).where(eq(events.id, verified.id));
    expect(eventRow?.type).toBe('accounting.account.created');
    // The endpoint answers before the worker records the attempt: wait for the record.
    const deliveries = await waitFor('the delivery to be recorded', async () => {
      const rows = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, verified.id));
      return rows.every((row) => row.status !== 'pending') ? rows : undefined;
    });
    expect(deliveries).toMatchObject([{ status: 'delivered', attempts: 1, lastStatusCode: 200 }]);
  });

  it("fails with QuickBooks' own message on a duplicate name and sends accounting.account.failed", async () => {
    const t = await h.tenant();
    const first = await h.postAccount(t, { name: 'Petty Cash', type: 'Bank' });
    await waitFor('the first account to sync', async () => (await accountRow(first.json().id))?.syncStatus === 'synced');

    const duplicate = await h.postAccount(t, { name: 'petty cash', type: 'Bank' });
    expect(duplicate.statusCode).toBe(201);
    const id = duplicate.json().id as string;
    const row = await waitFor('the duplicate to fail', async () => {
      const current = await accountRow(id);
      return current?.syncStatus === 'failed' ? current : undefined;
    });
    expect(row.lastError).toMatchObject({ code: 'provider_rejected', provider_code: '6240' });
    expect(row.lastError?.message).toContain('Duplicate Name Exists Error');
    expect(row.remoteId).toBeNull();
    // A permanent error is not retried.
    expect(h.fakes.quickbooks.requests.filter((r) => r.query.requestid === id)).toHaveLength(1);

    const failed = await waitFor('the failed webhook', () =>
      h.receiver.received.find((w) => w.json.type === 'accounting.account.failed' && w.json.data.id === id),
    );
    expect(() =>
      new Webhook(t.webhookSecret).verify(failed.body, {
        'webhook-id': String(failed.headers['webhook-id']),
        'webhook-timestamp': String(failed.headers['webhook-timestamp']),
        'webhook-signature': String(failed.headers['webhook-signature']),
      }),
    ).not.toThrow();
    expect(failed.json.data).toMatchObject({ sync: { status: 'failed', last_error: { provider_code: '6240' } } });

    const read = await h.getAccounts(t, `/${id}`);
    expect(read.json().sync).toMatchObject({ status: 'failed', last_error: { message: expect.stringContaining('The name supplied already exists') } });
  });
});
