import { createHash } from 'node:crypto';
import { exampleAccountBody } from '@ledgersync/unified';
import { accounts } from '@ledgersync/db/schema';
import { getPushCapabilities, PROVIDER_SLUGS } from '@ledgersync/providers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { signedWebhook } from '../support/signed-webhook.js';
import { waitFor } from '../support/wait.js';

// Every provider through the whole pipeline, against its fake: the seed's account, then the
// provider's own refusal, an expired token and a 429.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Remote = Record<string, unknown>;
/** How each fake's accounts name their id, name and parent (the providers' own shapes). */
const SHAPES: Record<string, { id: string; name: string; parentOf?: (account: Remote) => unknown }> = {
  quickbooks: { id: 'Id', name: 'Name', parentOf: (a) => (a.ParentRef as { value?: string } | undefined)?.value },
  xero: { id: 'AccountID', name: 'Name' },
  sage: { id: 'id', name: 'name' },
  zohobooks: { id: 'account_id', name: 'account_name', parentOf: (a) => a.parent_account_id },
  pennylane: { id: 'id', name: 'label' },
};

const settled = (id: string) =>
  waitFor(`account ${id} to settle`, async () => {
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    return row && (row.syncStatus === 'synced' || row.syncStatus === 'failed') ? row : undefined;
  });

describe.each(PROVIDER_SLUGS)('%s', (provider) => {
  let t: Awaited<ReturnType<Harness['tenant']>>;
  const subAccounts = getPushCapabilities(provider, 'account').fields.parent_account === 'sent';
  const fake = () => {
    const found = h.fakes.fakes.byProvider[provider];
    if (!found) throw new Error(`no fake for ${provider}`);
    return found;
  };
  const atProvider = (name: string) => {
    const shape = SHAPES[provider] ?? { id: 'id', name: 'name' };
    return (fake().accounts(t.tenantId) as Remote[])
      .filter((a) => a[shape.name] === name)
      .map((a) => ({ id: String(a[shape.id]), parent: shape.parentOf?.(a) }));
  };
  const post = async (body: object) => {
    const response = await h.postAccount(t, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  beforeAll(async () => {
    t = await h.tenant(['accounting.account.created', 'accounting.account.failed'], provider);
  });

  it("pushes the seed's account: at the provider, on the row, in the signed webhook", async () => {
    // Adapted where the provider needs it: a parent only where sub-accounts exist; the seed's
    // custom fields need a mapping (the QuickBooks suite maps them).
    const { parent_account: _parent, field_mappings: _unmapped, ...seed } = exampleAccountBody('');
    let body: Record<string, unknown> = seed;
    if (subAccounts)
      body = { ...seed, parent_account: (await post({ name: 'Current Assets', type: 'Current Asset', account_number: '1001' })).id };
    const created = await post(body);
    const row = await settled(created.id);
    expect(row.lastError).toBeNull();
    expect(row.syncStatus).toBe('synced');

    const [remote] = atProvider('Cash');
    expect(remote?.id).toBe(row.remoteId);
    expect(row).toMatchObject({ name: 'Cash', type: 'Current Asset', classification: 'Asset', accountNumber: '1000' });

    const { verified } = await signedWebhook(h, t.webhookSecret, 'accounting.account.created', created.id);
    expect(verified.data).toMatchObject({ id: created.id, remote_id: row.remoteId, name: 'Cash', sync: { status: 'synced' } });
  });

  it("fails with the provider's refusal of a duplicate, and says so by webhook", async () => {
    const body = { name: 'Duplicate Supplies', type: 'Expense', account_number: '6062' };
    const first = await settled((await post(body)).id);
    expect(first.syncStatus).toBe('synced');
    const second = await settled((await post(body)).id);
    expect(second.syncStatus).toBe('failed');
    expect(second.lastError).toMatchObject({ code: 'provider_rejected' });
    expect(atProvider('Duplicate Supplies')).toHaveLength(1);
    await signedWebhook(h, t.webhookSecret, 'accounting.account.failed', second.id);
  });

  it('refreshes an expired access token at the token endpoint, then pushes', async () => {
    fake().expireAccessTokens(t.tenantId);
    const refreshesBefore = fake().requests.filter((r) => r.path.endsWith(fake().sandbox.tokenPath)).length;
    const row = await settled((await post({ name: 'After Refresh', type: 'Expense', account_number: '6063' })).id);
    expect(row.syncStatus).toBe('synced');
    expect(fake().requests.filter((r) => r.path.endsWith(fake().sandbox.tokenPath)).length).toBeGreaterThan(refreshesBefore);
    expect(atProvider('After Refresh')).toHaveLength(1);
  });

  it('waits after a 429 and pushes later, once', async () => {
    // A short announced wait (QuickBooks announces none: the suite's THROTTLE_WAIT_MS applies).
    fake().injectFault({ kind: 'status', status: 429, retryAfterMs: 1_000 }, { tenantId: t.tenantId });
    const row = await settled((await post({ name: 'After Throttle', type: 'Expense', account_number: '6064' })).id);
    expect(row).toMatchObject({ syncStatus: 'synced', syncAttempts: 2 });
    expect(fake().requests.some((r) => r.status === 429)).toBe(true);
    expect(atProvider('After Throttle')).toHaveLength(1);
  });

  it.runIf(subAccounts)('creates a sub-account under its parent, waiting while the parent is still being pushed', async () => {
    // The parent's push hangs at the provider for a while: the child's job runs meanwhile and waits.
    fake().injectFault({ kind: 'delay', ms: 600 }, { tenantId: t.tenantId });
    const parent = await post({ name: 'Bank Accounts', type: 'Bank', account_number: '5120' });
    const child = await post({ name: 'Operating', type: 'Bank', account_number: '5121', parent_account: parent.id });
    const [parentRow, childRow] = [await settled(parent.id), await settled(child.id)];
    expect(parentRow.syncStatus).toBe('synced');
    expect(childRow.syncStatus).toBe('synced');
    expect(childRow.syncedAt?.getTime()).toBeGreaterThan(parentRow.syncedAt?.getTime() ?? Number.POSITIVE_INFINITY);
    const [remoteChild] = atProvider('Operating');
    expect(String(remoteChild?.parent)).toBe(parentRow.remoteId);
  });
});

/** The ledger account requests Sage received for a business: method, status, idempotency_id. */
function ledgerAccountCalls(tenantId: string) {
  return h.fakes.fakes.sage.requests
    .filter((r) => r.path.endsWith('/v3.1/ledger_accounts') && r.headers['x-business'] === tenantId)
    .map((r) => [r.method, r.status, (r.body as { ledger_account?: { idempotency_id?: string } } | null)?.ledger_account?.idempotency_id]);
}

describe('sage: idempotency_id and the lookup before a re-send', () => {
  it("retries a failed lookup, and sends the record's idempotency_id on every attempt of the round", async () => {
    const t = await h.tenant(undefined, 'sage');
    // The create fails, then the lookup before its re-send fails too: both are Sage outages, retried.
    h.fakes.fakes.sage.injectFault({ kind: 'status', status: 503 }, { tenantId: t.tenantId, times: 2 });
    const id = (await h.postAccount(t, { name: 'Flaky Sage', type: 'Expense', account_number: '6070' })).json().id as string;
    const row = await settled(id);
    expect(row).toMatchObject({ syncStatus: 'synced', syncAttempts: 3 });
    const key = id.replaceAll('-', '');
    expect(ledgerAccountCalls(t.tenantId)).toEqual([
      ['POST', 503, key],
      ['GET', 503, undefined],
      ['GET', 200, undefined],
      ['POST', 201, key],
    ]);
    // One account with the code, beside the business's default chart.
    expect(
      h.fakes.fakes.sage
        .accounts(t.tenantId)
        .filter((a) => a.nominal_code === 6070)
        .map((a) => a.id),
    ).toEqual([row.remoteId]);
  });

  it('sends a new idempotency_id in a retry round, derived from the record id and the round', async () => {
    const t = await h.tenant(undefined, 'sage');
    // Every attempt of the first round fails (the create, then each lookup before its re-send).
    h.fakes.fakes.sage.injectFault({ kind: 'status', status: 503 }, { tenantId: t.tenantId, times: 8 });
    const id = (await h.postAccount(t, { name: 'Second Round', type: 'Expense', account_number: '6071' })).json().id as string;
    expect((await settled(id)).syncStatus).toBe('failed');
    const retried = await h.app.inject({
      method: 'POST',
      url: `/accounting/accounts/${id}/retry`,
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(retried.statusCode).toBe(202);
    const row = await waitFor('the retried account to sync', async () => {
      const [found] = await h.db.select().from(accounts).where(eq(accounts.id, id));
      return found?.syncStatus === 'synced' ? found : undefined;
    });
    const posts = ledgerAccountCalls(t.tenantId).filter(([method]) => method === 'POST');
    expect(posts).toEqual([
      ['POST', 503, id.replaceAll('-', '')],
      // Round 1's key is `<id>.1`: not a UUID, so the first 32 hex digits of its SHA-256.
      ['POST', 201, createHash('sha256').update(`${id}.1`).digest('hex').slice(0, 32)],
    ]);
    expect(
      h.fakes.fakes.sage
        .accounts(t.tenantId)
        .filter((a) => a.nominal_code === 6071)
        .map((a) => a.id),
    ).toEqual([row.remoteId]);
  });
});
