import { claimIdempotencyKey } from '@ledgersync/db';
import { accounts, idempotencyKeys } from '@ledgersync/db/schema';
import { createSweepProcessor } from '@ledgersync/worker';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// The intake's Idempotency-Key: a client retrying a request it is unsure about gets one account.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

type Tenant = Awaited<ReturnType<Harness['tenant']>>;
const post = (t: Tenant, key: string, payload: object, connectionToken = t.connectionToken) =>
  h.app.inject({
    method: 'POST',
    url: '/accounting/accounts',
    headers: { 'x-api-key': t.apiKey, 'x-connection-token': connectionToken, 'idempotency-key': key },
    payload,
  });
const rows = async (connectionId: string) =>
  (await h.db.select({ n: count() }).from(accounts).where(eq(accounts.connectionId, connectionId)))[0]?.n;

describe('Idempotency-Key on POST /accounting/accounts', () => {
  it('replays the first answer for the same key and body, without a second account', async () => {
    const t = await h.tenant();
    const first = await post(t, 'order-42', { name: 'Cash', type: 'Bank' });
    expect(first.statusCode).toBe(201);
    const again = await post(t, 'order-42', { type: 'Bank', name: 'Cash' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await rows(t.connectionId)).toBe(1);
  });

  it('refuses the same key with another body (422), or on another connection', async () => {
    const t = await h.tenant();
    await post(t, 'k1', { name: 'Cash', type: 'Bank' });
    const other = await post(t, 'k1', { name: 'Savings', type: 'Bank' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toBe('idempotency_key_reused');
    const second = await h.quickbooksConnection(t.projectId);
    const elsewhere = await post(t, 'k1', { name: 'Cash', type: 'Bank' }, second.connectionToken);
    expect(elsewhere.statusCode).toBe(422);
    expect(await rows(t.connectionId)).toBe(1);
    expect(await rows(second.connectionId)).toBe(0);
  });

  it("keeps keys per project: another project's same key is its own", async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    expect((await post(a, 'shared', { name: 'Cash', type: 'Bank' })).statusCode).toBe(201);
    const theirs = await post(b, 'shared', { name: 'Cash', type: 'Bank' });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const t = await h.tenant();
    const body = { name: 'Cash', type: 'Bank' };
    // What a request in progress leaves: a claim, not yet an answer.
    const first = await post(t, 'probe', body);
    const hash = (await h.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'probe')))[0]?.requestHash ?? '';
    expect(first.statusCode).toBe(201);
    expect(await claimIdempotencyKey(h.db, t.projectId, 'running', hash)).toEqual({ kind: 'claimed' });
    const response = await h.app.inject({
      method: 'POST',
      url: '/accounting/accounts',
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken, 'idempotency-key': 'running' },
      payload: body,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toBe('idempotency_key_in_use');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('creates one account when the same request races itself', async () => {
    const t = await h.tenant();
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(t, 'race', { name: 'Raced', type: 'Bank' })));
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    expect(await rows(t.connectionId)).toBe(1);
  });

  it('frees the key when the request was refused, so the corrected request can use it', async () => {
    const t = await h.tenant();
    const refused = await post(t, 'fix-me', { name: 'No Type' });
    expect(refused.statusCode).toBe(422);
    const fixed = await post(t, 'fix-me', { name: 'No Type', type: 'Expense' });
    expect(fixed.statusCode).toBe(201);
  });

  it('forgets keys after their retention, and the sweeper deletes them', async () => {
    const t = await h.tenant();
    await post(t, 'old', { name: 'Old', type: 'Bank' });
    await h.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(idempotencyKeys.key, 'old'));
    const reused = await post(t, 'old', { name: 'New', type: 'Bank' });
    expect(reused.statusCode).toBe(201);
    await h.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(idempotencyKeys.key, 'old'));
    const swept = await createSweepProcessor(h.context)();
    expect(swept.expiredKeys).toBeGreaterThanOrEqual(1);
    expect(await h.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'old'))).toEqual([]);
  });

  it('refuses a malformed key', async () => {
    const t = await h.tenant();
    const response = await post(t, 'x'.repeat(256), { name: 'Cash', type: 'Bank' });
    expect(response.statusCode).toBe(400);
    expect(response.json().details[0].field).toBe('Idempotency-Key');
  });
});
