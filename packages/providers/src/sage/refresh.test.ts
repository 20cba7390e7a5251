import { type RunningFakeProviders, startFakeProviders } from '@ledgersync/fake-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshAccessToken } from '../oauth.js';
import { sage } from './descriptor.js';

// The worker refreshes a Sage connection with the descriptor's client authentication: every Sage
// connection depends on it, as access tokens last five minutes.
describe('Sage token refresh, against the fake token endpoint', () => {
  const BUSINESS = 'd41d8cd98f00b204e9800998ecf8427e';
  let server: RunningFakeProviders;
  beforeEach(async () => {
    server = await startFakeProviders({ secret: 'sage-refresh-test' });
  });
  afterEach(async () => {
    await server.close();
  });

  const refresh = (refreshToken: string) =>
    refreshAccessToken({
      provider: 'sage',
      tokenUrl: server.tokenUrls.sage,
      clientId: server.fakes.sage.clientId,
      clientSecret: server.fakes.sage.clientSecret,
      refreshToken,
      timeoutMs: 5_000,
      clientAuth: sage.oauthClientAuth,
    });

  it('sends the client credentials as form fields and keeps the rotated refresh token, the only one that works next', async () => {
    const fake = server.fakes.sage;
    const first = fake.mintTokens(BUSINESS);
    const renewed = await refresh(first.refresh_token);
    expect(renewed.refreshToken).toEqual(expect.any(String));
    expect(renewed.refreshToken).not.toBe(first.refresh_token);
    const [request] = fake.requests;
    expect(request?.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(String(request?.body)).get('client_id')).toBe(fake.clientId);
    // Sage rotates: the old refresh token is spent, the new one refreshes again.
    await expect(refresh(first.refresh_token)).rejects.toMatchObject({ name: 'ConnectionRevoked', providerCode: 'invalid_grant' });
    await expect(refresh(renewed.refreshToken ?? '')).resolves.toMatchObject({ accessToken: expect.any(String) });
  });
});
