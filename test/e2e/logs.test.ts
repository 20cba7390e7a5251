import { loadConnection } from '@ledgersync/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('logs', () => {
  it('carry request ids and job ids, and none of the secrets used in a full run', async () => {
    const t = await h.tenant();
    // Force a token refresh so the new tokens pass through the worker too.
    h.fakes.quickbooks.expireAccessTokens(t.realmId);
    const headers = { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken, authorization: `Bearer ${t.apiKey}` };
    const created = await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers, payload: { name: 'Logged', type: 'Bank' } });
    const id = created.json().id as string;
    await h.app.inject({ method: 'POST', url: '/accounting/accounts', headers: { 'x-api-key': 'lsk_wrong', 'x-connection-token': t.connectionToken }, payload: {} });
    await waitFor('the webhook', () => h.receiver.received.find((w) => w.json.data.id === id));

    const lines = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const connection = await loadConnection(h.db, h.cipher, t.connectionId);
    const secrets = [
      t.apiKey,
      t.connectionToken,
      t.accessToken,
      t.webhookSecret,
      t.webhookSecret.slice(6),
      connection?.credentials.accessToken,
      connection?.credentials.refreshToken,
      connection?.credentials.clientSecret,
    ].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) {
      expect(h.logs.filter((line) => line.includes(secret))).toEqual([]);
    }

    const intake = lines.filter((line) => line.req || line.res);
    expect(intake.length).toBeGreaterThan(0);
    expect(intake.every((line) => typeof line.request_id === 'string')).toBe(true);

    const pushed = lines.filter((line) => line.msg === 'account pushed' || line.msg === 'pushing account');
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.every((line) => line.jobId === id && line.accountId === id)).toBe(true);
    const delivered = lines.filter((line) => line.msg === 'webhook delivered');
    expect(delivered.every((line) => typeof line.jobId === 'string' && typeof line.deliveryId === 'string')).toBe(true);
  });
});
