import type { RecordedRequest } from '@ledgersync/fake-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// Xero counts an app's calls across all its tenants (10,000 a minute, X-AppMinLimit-Remaining).
// Once they are spent, every Xero connection of the install must wait for the app's window to
// reset, not only the one whose answer said so. Scaled down: the fake's app allows LIMIT calls in
// WINDOW_MS, and the worker holds the app as long (Xero never says when its window resets: the
// hold is a guess, a minute by default, which THROTTLE_WAIT_MS replaces).
const LIMIT = 4;
const WINDOW_MS = 8_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    fakes: { xero: { appRequestsPerMinute: LIMIT, appWindowMs: WINDOW_MS } },
    settings: { THROTTLE_WAIT_MS: WINDOW_MS },
  });
});
afterAll(async () => {
  await h?.close();
});

const bodyName = (request: RecordedRequest) => (request.body as { Name?: string } | undefined)?.Name;
const ofTenant = (tenantId: string) => h.fakes.xero.requests.filter((r) => r.headers['xero-tenant-id'] === tenantId);

/**
 * The app's calls as another user of the same app makes them (a script, another install): straight
 * to the fake as a tenant of its own, past this install's limiter.
 */
const ELSEWHERE = '5d1c0f3e-2b7a-4c9d-8e6f-0a1b2c3d4e5f';

async function elsewhere(): Promise<Response> {
  const token = h.fakes.xero.mintTokens(ELSEWHERE).access_token;
  return fetch(`${h.fakes.baseUrls.xero}/api.xro/2.0/Accounts`, {
    headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': ELSEWHERE, accept: 'application/json' },
  });
}

/** Waits for the app's window to start afresh with a call made elsewhere; returns when it resets. */
async function freshWindow(): Promise<number> {
  await waitFor(
    'a fresh app window',
    async () => {
      const response = await elsewhere();
      return response.status === 200 && response.headers.get('x-appminlimit-remaining') === String(LIMIT - 1);
    },
    WINDOW_MS * 3,
  );
  // The fake's window started with that call, when the fake received it.
  const started = ofTenant(ELSEWHERE).filter((r) => r.status === 200).at(-1)?.at;
  if (started === undefined) throw new Error('the call that started the window was not recorded');
  return started + WINDOW_MS;
}

/** Posts the accounts (codes from their names) for the tenant; their ids. */
async function post(t: { apiKey: string; connectionToken: string }, names: string[]): Promise<string[]> {
  const created = await Promise.all(names.map((name) => h.postAccount(t, { name, type: 'Expense', account_number: name.replace(/\D/g, '') })));
  for (const response of created) expect(response.statusCode, response.body).toBe(201);
  return created.map((response) => response.json().id as string);
}

describe("Xero's app-wide minute limit", () => {
  it('holds every Xero connection when an answer says the app has no calls left, until the window resets', async () => {
    const a = await h.tenant(['accounting.account.created'], 'xero');
    const b = await h.tenant(['accounting.account.created'], 'xero');
    const resetAt = await freshWindow();
    // Connection A spends the rest of the app's window: the last answer says X-AppMinLimit-Remaining: 0.
    const spending = await post(a, ['Spend 101', 'Spend 102', 'Spend 103']);
    for (const id of spending) expect((await h.settled(id)).syncStatus).toBe('synced');
    const sends = ofTenant(a.tenantId).filter((r) => r.method === 'PUT');
    expect(sends.map((r) => r.status)).toEqual([200, 200, 200]);

    // Both connections have work now, before the window resets; neither may call before it does.
    const [later] = await post(a, ['Later 104']);
    const [other] = await post(b, ['Other 201']);
    expect(Date.now(), 'the accounts were posted after the reset: the test proves nothing').toBeLessThan(resetAt);
    for (const id of [later, other]) expect((await h.settled(id as string, WINDOW_MS * 4)).syncStatus).toBe('synced');
    const firstOfB = ofTenant(b.tenantId)[0];
    expect(firstOfB?.at).toBeGreaterThanOrEqual(resetAt);
    expect(ofTenant(a.tenantId).find((r) => bodyName(r) === 'Later 104')?.at).toBeGreaterThanOrEqual(resetAt);
    // Held, not refused: no request of either connection was answered 429.
    expect([...ofTenant(a.tenantId), ...ofTenant(b.tenantId)].filter((r) => r.status === 429)).toEqual([]);
    expect(h.fakes.xero.accounts(a.tenantId)).toHaveLength(4);
    expect(h.fakes.xero.accounts(b.tenantId).map((x) => x.Name)).toEqual(['Other 201']);
  });

  it('holds every Xero connection after a 429 for the app minute limit, one 429 and none after it', async () => {
    const a = await h.tenant(['accounting.account.created'], 'xero');
    const b = await h.tenant(['accounting.account.created'], 'xero');
    // Another user of the app spends its calls.
    const resetAt = await freshWindow();
    for (let i = 1; i < LIMIT; i++) expect((await elsewhere()).status).toBe(200);

    const [first] = await post(a, ['Refused 301']);
    const refused = await waitFor('the app limit 429', () => ofTenant(a.tenantId).find((r) => r.status === 429));
    expect(refused.headers['xero-tenant-id']).toBe(a.tenantId);
    const [second] = await post(b, ['Waiting 401']);
    expect(Date.now(), 'the account was posted after the reset: the test proves nothing').toBeLessThan(resetAt);
    for (const id of [first, second]) expect((await h.settled(id as string, WINDOW_MS * 4)).syncStatus).toBe('synced');

    const requests = [...ofTenant(a.tenantId), ...ofTenant(b.tenantId)].sort((x, y) => x.at - y.at);
    expect(requests.filter((r) => r.status === 429)).toEqual([refused]);
    // After the 429, nobody of the app called again before the window reset.
    for (const request of requests.filter((r) => r !== refused)) expect(request.at).toBeGreaterThanOrEqual(resetAt);
    expect(ofTenant(b.tenantId)[0]?.at).toBeGreaterThanOrEqual(resetAt);
    expect(h.fakes.xero.accounts(a.tenantId).map((x) => x.Name)).toEqual(['Refused 301']);
    expect(h.fakes.xero.accounts(b.tenantId).map((x) => x.Name)).toEqual(['Waiting 401']);
  });
});
