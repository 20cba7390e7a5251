import type { RecordedRequest } from '@ledgersync/fake-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { signedWebhook } from '../support/signed-webhook.js';

// A retry after a permanent failure is a new round with a new idempotency key. QuickBooks answers
// a repeated requestid, and Xero a repeated Idempotency-Key, with the key's first answer, a 400
// included (Xero also refuses the key with another body): a retry that sent the same key again
// would get the old failure back, however the client fixed the cause.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ pushAttempts: 3 });
});
afterAll(async () => {
  await h?.close();
});

interface Case {
  provider: 'quickbooks' | 'xero';
  /** The account, whose `field_mappings` value the connection first maps to the wrong provider field. */
  account: Record<string, unknown>;
  slug: string;
  wrongField: string;
  rightField: string;
  /** The creates the fake received for the account, oldest first, and the key each carried. */
  creates(requests: RecordedRequest[], name: string): { request: RecordedRequest; key: string | undefined }[];
  /** Whether a request is a lookup of the account (a read before the create). */
  isLookup(request: RecordedRequest): boolean;
  atProvider(tenantId: string, name: string): unknown[];
  sentField(request: RecordedRequest, field: string): unknown;
}

const body = (request: RecordedRequest) => (request.body ?? {}) as Record<string, unknown>;

const CASES: Case[] = [
  {
    provider: 'quickbooks',
    // Its opening date went to AccountSubType: QuickBooks refuses the value (a ValidationFault, 400).
    account: { name: 'Office Rent', type: 'Expense', field_mappings: { opened: '2024-01-31' } },
    slug: 'opened',
    wrongField: 'AccountSubType',
    rightField: 'OpeningBalanceDate',
    creates: (requests, name) =>
      requests
        .filter((r) => r.method === 'POST' && r.path.endsWith('/account') && body(r).Name === name)
        .map((request) => ({ request, key: request.query.requestid })),
    isLookup: (r) => r.path.endsWith('/query'),
    atProvider: (tenantId, name) => h.fakes.quickbooks.accounts(tenantId).filter((a) => a.Name === name),
    sentField: (request, field) => body(request)[field],
  },
  {
    provider: 'xero',
    // Its tax type went to BankAccountType: Xero refuses the value (400, PostDataInvalidException).
    account: { name: 'Exempt Sales', type: 'Sales', account_number: '4010', field_mappings: { tax: 'EXEMPTOUTPUT' } },
    slug: 'tax',
    wrongField: 'BankAccountType',
    rightField: 'TaxType',
    creates: (requests, name) =>
      requests
        .filter((r) => r.method === 'PUT' && r.path.endsWith('/Accounts') && body(r).Name === name)
        .map((request) => ({ request, key: request.headers['idempotency-key'] })),
    isLookup: (r) => r.method === 'GET' && r.path.endsWith('/Accounts') && r.query.where === 'Code=="4010"',
    atProvider: (tenantId, name) => h.fakes.xero.accounts(tenantId).filter((a) => a.Name === name),
    sentField: (request, field) => body(request)[field],
  },
];

describe('POST /accounting/accounts/{id}/retry after a permanent failure', () => {
  it.each(CASES.map((c) => [c.provider, c] as const))(
    '%s: the retry round sends a new key, so the fixed account is created once, where the old key would get the cached 400 back',
    async (provider, c) => {
      const t = await h.tenant(['accounting.account.created', 'accounting.account.failed'], provider);
      const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken };
      const map = (remote_field: string) =>
        h.app.inject({ method: 'PUT', url: `/connection/field_mappings/${c.slug}`, headers, payload: { remote_field } });
      expect((await map(c.wrongField)).statusCode).toBe(200);

      const created = await h.postAccount(t, c.account);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const name = c.account.name as string;
      const failed = await h.settled(id);
      expect(failed).toMatchObject({ syncStatus: 'failed', lastError: { code: 'provider_rejected' } });
      const requests = () => fakeOf(provider).requests.filter((r) => tenantOf(provider, r) === t.tenantId);
      // A 400 is permanent: one create, under the record id, refused, and remembered by the provider under it.
      const [first] = c.creates(requests(), name);
      expect(c.creates(requests(), name)).toHaveLength(1);
      expect(first).toMatchObject({ key: id, request: { status: 400 } });
      expect(c.sentField(first?.request as RecordedRequest, c.wrongField)).toBeDefined();

      // The client fixes its mapping, then retries.
      expect((await map(c.rightField)).statusCode).toBe(200);
      const retried = await h.app.inject({ method: 'POST', url: `/accounting/accounts/${id}/retry`, headers });
      expect(retried.statusCode).toBe(202);
      const row = await h.settled(id);
      expect(row.syncStatus, JSON.stringify(row.lastError)).toBe('synced');

      // The retry round's create carried `<id>.1`, and the fixed field; the provider holds one account.
      const creates = c.creates(requests(), name);
      expect(creates.map((s) => s.key)).toEqual([id, `${id}.1`]);
      expect(creates.map((s) => s.request.status)).toEqual([400, 200]);
      expect(c.sentField(creates[1]?.request as RecordedRequest, c.rightField)).toBe(Object.values(c.account.field_mappings as object)[0]);
      const atProvider = c.atProvider(t.tenantId, name);
      expect(atProvider).toHaveLength(1);
      expect(row.remoteId).toBe(remoteIdOf(provider, atProvider[0]));
      if (provider === 'xero') {
        // Xero's handler can look the account up: the new round's key cannot recognise what an
        // earlier round created, so its first attempt looks first.
        const all = requests();
        const lookup = all.findIndex(c.isLookup);
        expect(lookup).toBeGreaterThan(all.indexOf(first?.request as RecordedRequest));
        expect(lookup).toBeLessThan(all.indexOf(creates[1]?.request as RecordedRequest));
      }

      const { verified } = await signedWebhook(h, t.webhookSecret, 'accounting.account.created', id);
      expect(verified.data).toMatchObject({ id, remote_id: row.remoteId, sync: { status: 'synced' } });
      const types = h.receiver.received.filter((w) => w.json.data.id === id).map((w) => w.json.type);
      expect(types.sort()).toEqual(['accounting.account.created', 'accounting.account.failed']);
    },
  );
});

function fakeOf(provider: 'quickbooks' | 'xero') {
  return provider === 'quickbooks' ? h.fakes.quickbooks : h.fakes.xero;
}

function tenantOf(provider: 'quickbooks' | 'xero', request: RecordedRequest): string | undefined {
  return provider === 'xero' ? request.headers['xero-tenant-id'] : /\/company\/([^/]+)\//.exec(request.path)?.[1];
}

function remoteIdOf(provider: 'quickbooks' | 'xero', account: unknown): string | undefined {
  const record = account as { Id?: string; AccountID?: string };
  return provider === 'quickbooks' ? record.Id : record.AccountID;
}
