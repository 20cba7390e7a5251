import { accounts } from '@ledgersync/db/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { signedWebhook } from '../support/signed-webhook.js';
import { waitFor } from '../support/wait.js';

// Money is exact: the digits a client sends are the digits stored, answered, sent in webhooks and
// pushed to the provider. Bodies are written by hand here, as JSON.stringify would already have
// rounded them to doubles.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Tenant = Awaited<ReturnType<Harness['tenant']>>;

const post = (t: Tenant, body: string) =>
  h.app.inject({
    method: 'POST',
    url: '/accounting/accounts',
    headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken, 'content-type': 'application/json' },
    payload: body,
  });

/** The balance as Postgres stores it: the numeric's own text. */
const storedBalance = async (id: string) =>
  (await h.db.select({ text: sql<string | null>`${accounts.currentBalance}::text` }).from(accounts).where(eq(accounts.id, id)))[0]?.text;

const synced = (id: string) =>
  waitFor('the account to be synced', async () => {
    const [row] = await h.db.select().from(accounts).where(eq(accounts.id, id));
    return row?.syncStatus === 'synced' ? row : undefined;
  });

describe('money is exact from the request body to the provider', () => {
  it('keeps digits a double would change, in the 201, the row, reads and the webhook', async () => {
    // Xero stores the balance without sending it, so the whole range of digits can be shown.
    const t = await h.tenant(undefined, 'xero');
    for (const [n, digits] of ['99999999999999.99', '9007199254740993', '10000.50', '-0.10'].entries()) {
      const created = await post(t, `{"name":"Exact ${n}","type":"Current Asset","currency":"USD","account_number":"9${n}","current_balance":${digits}}`);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.body).toContain(`"current_balance":${digits},`);
      const id = created.json().id as string;
      expect(await storedBalance(id)).toBe(digits);

      await synced(id);
      const read = await h.getAccounts(t, `/${id}`);
      expect(read.body).toContain(`"current_balance":${digits},`);
      const page = await h.getAccounts(t, '?limit=100');
      expect(page.body).toContain(`"current_balance":${digits},`);
      const { delivery } = await signedWebhook(h, t.webhookSecret, 'accounting.account.created', id);
      // jsonb orders keys its own way: the balance may close the object.
      expect(delivery.body).toMatch(new RegExp(`"current_balance":${digits.replace('.', '\\.')}[,}]`));
    }
  });

  it("pushes the client's digits to QuickBooks as a JSON number", async () => {
    const t = await h.tenant();
    const created = await post(t, '{"name":"Float Cash","type":"Bank","currency":"USD","current_balance":12345678901.50}');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const row = await synced(id);
    const push = h.fakes.quickbooks.requests.find((r) => r.method === 'POST' && r.query.requestid === id);
    expect(String((push?.body as { OpeningBalance?: unknown } | undefined)?.OpeningBalance)).toBe('12345678901.50');
    // QuickBooks holds it to the cent, read back through its own API.
    const remote = h.fakes.quickbooks.accounts(t.realmId).find((a) => a.Id === row.remoteId);
    expect(String(remote?.CurrentBalance)).toBe('12345678901.5');
  });

  it('refuses, with a 422 naming the field, an amount no provider takes', async () => {
    const xero = await h.tenant(undefined, 'xero');
    const quickbooks = await h.tenant();
    const cases: [Tenant, string, RegExp][] = [
      [xero, '"currency":"USD","current_balance":1.005', /USD amounts take at most 2/],
      [xero, '"currency":"JPY","current_balance":1000.5', /JPY amounts take at most 0/],
      [xero, '"current_balance":1e-320', /decimals/],
      [xero, '"current_balance":1e308', /too large/],
      [xero, '"current_balance":1234567890123456789', /too large/],
      // QuickBooks keeps two decimals and, as far as anyone documents, 11 digits before the point.
      [quickbooks, '"current_balance":10.125', /at most 2/],
      [quickbooks, '"current_balance":999999999999', /too large: at most 11 digits/],
    ];
    for (const [t, fields, message] of cases) {
      const answer = await post(t, `{"name":"Refused","type":"Current Asset",${fields}}`);
      expect(answer.statusCode, `${fields}: ${answer.body}`).toBe(422);
      expect(answer.json().details, answer.body).toContainEqual(expect.objectContaining({ field: 'current_balance', message: expect.stringMatching(message) }));
    }
    // Three decimals are money in Kuwaiti dinars.
    expect((await post(xero, '{"name":"Dinars","type":"Current Asset","account_number":"KWD1","currency":"KWD","current_balance":1.005}')).statusCode).toBe(201);
  });

  it('keeps the amount a JSON number on the wire: a string is refused as before', async () => {
    const t = await h.tenant();
    const answer = await post(t, '{"name":"Text","type":"Bank","current_balance":"100"}');
    expect(answer.statusCode).toBe(400);
    expect(answer.json().details).toEqual([expect.objectContaining({ field: 'current_balance' })]);
  });

  it('refuses prototype keys in a body the exact parser reads', async () => {
    const t = await h.tenant();
    const answer = await post(t, '{"name":"Proto","type":"Bank","current_balance":1.10,"__proto__":{"admin":true}}');
    expect(answer.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
