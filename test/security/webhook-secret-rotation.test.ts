import { webhookEndpoints } from '@ledgersync/db/schema';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// POST /webhooks/{id}/rotate_secret: a new secret shown once; during the overlap every delivery
// carries a signature under each secret (Standard Webhooks' space-separated list), so a receiver
// verifies with either while it switches; afterwards, only the new secret signs.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const verifies = (secret: string, webhook: { body: string; headers: Record<string, unknown> }) => {
  try {
    new Webhook(secret).verify(webhook.body, {
      'webhook-id': String(webhook.headers['webhook-id']),
      'webhook-timestamp': String(webhook.headers['webhook-timestamp']),
      'webhook-signature': String(webhook.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
};

describe('webhook secret rotation', () => {
  it('signs with the new and the old secret during the overlap, then with the new one only', async () => {
    const t = await h.tenant(['accounting.account.created']);
    const before = Date.now();
    const rotated = await h.app.inject({
      method: 'POST',
      url: `/webhooks/${t.webhookId}/rotate_secret`,
      headers: { 'x-api-key': t.apiKey },
    });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body).toMatchObject({ id_webhook_endpoint: t.webhookId, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });
    const newSecret = body.secret as string;
    expect(newSecret).not.toBe(t.webhookSecret);
    // The default overlap: 24 hours.
    const overlapEnds = Date.parse(body.previous_secret_expires_at);
    expect(overlapEnds - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
    expect(overlapEnds - before).toBeLessThanOrEqual(24 * 3_600_000 + 60_000);

    // Both secrets are stored encrypted; the new one is shown once (masked in listings).
    const [stored] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.webhookId));
    expect(h.cipher.decrypt(stored?.secret ?? '')).toBe(newSecret);
    expect(h.cipher.decrypt(stored?.previousSecret ?? '')).toBe(t.webhookSecret);
    expect(stored?.previousSecret).not.toContain(t.webhookSecret.slice(6));
    const listed = await h.app.inject({ method: 'GET', url: '/webhooks', headers: { 'x-api-key': t.apiKey } });
    expect(listed.body).not.toContain(newSecret.slice(6, 20));

    const during = await h.postAccount(t, { name: 'During overlap', type: 'Bank' });
    const first = await waitFor('the webhook during the overlap', () =>
      h.receiver.received.find((w) => w.json.data.id === during.json().id),
    );
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(newSecret, first)).toBe(true);
    expect(verifies(t.webhookSecret, first)).toBe(true);

    // The overlap ends (moved into the past rather than waited for).
    await h.db
      .update(webhookEndpoints)
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1_000) })
      .where(eq(webhookEndpoints.id, t.webhookId));
    const after = await h.postAccount(t, { name: 'After overlap', type: 'Bank' });
    const second = await waitFor('the webhook after the overlap', () =>
      h.receiver.received.find((w) => w.json.data.id === after.json().id),
    );
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(newSecret, second)).toBe(true);
    expect(verifies(t.webhookSecret, second)).toBe(false);
  });

  // Two rotations in a row: the secret the first one returned still verifies, as does the one
  // before it, each until its own overlap ends (a receiver may not have deployed either yet).
  it('keeps every replaced secret within its overlap when rotated twice', async () => {
    const t = await h.tenant(['accounting.account.created']);
    const rotate = async () =>
      (await h.app.inject({ method: 'POST', url: `/webhooks/${t.webhookId}/rotate_secret`, headers: { 'x-api-key': t.apiKey } })).json()
        .secret as string;
    const second = await rotate();
    const third = await rotate();
    const account = await h.postAccount(t, { name: 'Twice rotated', type: 'Bank' });
    const webhook = await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === account.json().id));
    expect(verifies(third, webhook)).toBe(true);
    expect(verifies(second, webhook)).toBe(true);
    expect(verifies(t.webhookSecret, webhook)).toBe(true);

    // Once the first replaced secret's overlap is over, it alone stops signing.
    const [stored] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.webhookId));
    const kept = JSON.parse(h.cipher.decrypt(stored?.previousSecret ?? '')) as { secret: string; expires_at: string }[];
    expect(kept.map((p) => p.secret)).toEqual([t.webhookSecret, second]);
    const ended = kept.map((p, i) => ({ ...p, expires_at: i === 0 ? new Date(Date.now() - 1_000).toISOString() : p.expires_at }));
    await h.db
      .update(webhookEndpoints)
      .set({ previousSecret: h.cipher.encrypt(JSON.stringify(ended)) })
      .where(eq(webhookEndpoints.id, t.webhookId));
    const later = await h.postAccount(t, { name: 'First overlap over', type: 'Bank' });
    const next = await waitFor('the next webhook', () => h.receiver.received.find((w) => w.json.data.id === later.json().id));
    expect([verifies(third, next), verifies(second, next), verifies(t.webhookSecret, next)]).toEqual([true, true, false]);
  });

  it('serializes 10 concurrent rotations: every secret returned verifies deliveries', async () => {
    const t = await h.tenant(['accounting.account.created']);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.app.inject({ method: 'POST', url: `/webhooks/${t.webhookId}/rotate_secret`, headers: { 'x-api-key': t.apiKey } }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(10).fill(200));
    const secrets = answers.map((answer) => answer.json().secret as string);
    expect(new Set(secrets).size).toBe(10);
    const account = await h.postAccount(t, { name: 'Rotated ten times at once', type: 'Bank' });
    const webhook = await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === account.json().id));
    for (const secret of [t.webhookSecret, ...secrets]) expect(verifies(secret, webhook), secret).toBe(true);

    // An 11th replaced secret would be one too many to sign with: refused, nothing dropped.
    const refused = await h.app.inject({ method: 'POST', url: `/webhooks/${t.webhookId}/rotate_secret`, headers: { 'x-api-key': t.apiKey } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe('too_many_rotations');
    const [stored] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, t.webhookId));
    expect(secrets).toContain(h.cipher.decrypt(stored?.secret ?? ''));
  });

  it("answers 404 for an unknown id or another project's endpoint, and changes nothing", async () => {
    const mine = await h.tenant(['accounting.account.created']);
    const theirs = await h.tenant(['accounting.account.created']);
    for (const id of [theirs.webhookId, '00000000-0000-7000-8000-000000000000', 'not-an-id']) {
      const response = await h.app.inject({ method: 'POST', url: `/webhooks/${id}/rotate_secret`, headers: { 'x-api-key': mine.apiKey } });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe('not_found');
    }
    const [stored] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, theirs.webhookId));
    expect(h.cipher.decrypt(stored?.secret ?? '')).toBe(theirs.webhookSecret);
    expect(stored?.previousSecret).toBeNull();
  });
});
