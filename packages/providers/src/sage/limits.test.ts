import { type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionContext } from '../types.js';
import { classifySageFailure, sendSage } from './client.js';
import { sage } from './descriptor.js';

// The worker paces a Sage connection by the descriptor's windows: a pace Sage refuses would turn
// pushes into 429s, each followed by a minute's wait.
describe("Sage's request limits, the descriptor's windows against the fake", () => {
  const BUSINESS = 'd41d8cd98f00b204e9800998ecf8427e';
  let clock = Date.parse('2025-06-01T09:00:00Z');
  let server: RunningFakeProviders;
  beforeEach(async () => {
    server = await startFakeProviders({ secret: 'sage-limits-test', now: () => clock });
  });
  afterEach(async () => {
    await server.close();
  });

  const call = () => {
    const context: ConnectionContext = {
      baseUrl: server.baseUrls.sage,
      tenantId: BUSINESS,
      accessToken: server.fakes.sage.mintTokens(BUSINESS).access_token,
      timeoutMs: 5_000,
    };
    return sendSage(context, { method: 'GET', path: '/ledger_account_types' });
  };

  it('lets a client keep to every window, and refuses the next call with a 429 the adapter waits out', async () => {
    const [minute, day] = sage.rateLimits.windows;
    if (!minute || !day) throw new Error('Sage has a minute and a day window');
    expect([minute.periodMs, day.periodMs]).toEqual([60_000, 86_400_000]);
    // A full day at the minute window's pace: every call answered.
    for (let made = 0; made < day.limit; ) {
      for (let i = 0; i < minute.limit && made < day.limit; i++, made++) expect((await call()).status).toBe(200);
      clock += minute.periodMs;
    }
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(classifySageFailure(refused)).toMatchObject({ name: 'RateLimited', retryAfterMs: sage.throttleWaitMs });
  });

  it('refuses the call after the minute window is spent', async () => {
    const [minute] = sage.rateLimits.windows;
    for (let i = 0; i < (minute?.limit ?? 0); i++) expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
  });
});
