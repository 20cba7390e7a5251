import { describe, expect, it } from 'vitest';
import { TokenAuthority } from './token-authority.js';
import { TokenSigner, deriveClientSecret } from './tokens.js';

describe('TokenSigner', () => {
  it('verifies its own tokens, and another signer with the same secret and provider does too', () => {
    const token = new TokenSigner('s', 'xero').sign({ tenantId: 't', kind: 'access', clientId: 'c', issuedAt: 1, expiresAt: 1_000 });
    const check = new TokenSigner('s', 'xero').verify(token, 'access', 500);
    expect(check).toMatchObject({ ok: true, claims: { tenantId: 't', kind: 'access', clientId: 'c', issuedAt: 1, expiresAt: 1_000 } });
    expect(new TokenSigner('s', 'xero').verify(token, 'access', 1_000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(new TokenSigner('s', 'xero').verify(token, 'refresh', 500)).toEqual({ ok: false, reason: 'wrong-kind' });
  });

  it('separates providers and secrets: a token of one never verifies at another', () => {
    const token = new TokenSigner('s', 'quickbooks').sign({ tenantId: 't', kind: 'access', clientId: 'c', issuedAt: 1, expiresAt: 1_000 });
    expect(new TokenSigner('s', 'xero').verify(token, 'access', 500)).toEqual({ ok: false, reason: 'malformed' });
    expect(new TokenSigner('other', 'quickbooks').verify(token, 'access', 500)).toEqual({ ok: false, reason: 'malformed' });
    expect(deriveClientSecret('s', 'quickbooks', 'c')).not.toBe(deriveClientSecret('s', 'xero', 'c'));
  });

  it('keeps the token format of the QuickBooks-only fake, so tokens and client secrets issued before the refactor stay valid', () => {
    // Minted by the previous QuickBooks-only fake: secret "legacy", realm "123", expiring at 2^40 ms.
    const legacy =
      'eyJ2IjoxLCJyIjoiMTIzIiwiayI6InIiLCJjIjoiYyIsImlhdCI6NSwiZXhwIjoxMDk5NTExNjI3Nzc2LCJuIjoia01Xa3h2LVZ4aGFwdUx0NyJ9.qsRZyhSC9RqDbt8w4B2oWM_S0MIUWvngKCeW_Wl8FQ8';
    expect(new TokenSigner('legacy', 'quickbooks').verify(legacy, 'refresh', 1_000)).toEqual({
      ok: true,
      claims: { tenantId: '123', kind: 'refresh', clientId: 'c', issuedAt: 5, expiresAt: 2 ** 40, id: 'kMWkxv-VxhapuLt7' },
    });
    expect(deriveClientSecret('legacy', 'quickbooks', 'ledgersync-sandbox')).toBe('1fe58be5783c1c7b976a41cff3073bdc3eb22924');
  });
});

describe('TokenAuthority', () => {
  it('expires access tokens and revokes refresh tokens issued before a watermark, per tenant', () => {
    const now = 1_000;
    const authority = new TokenAuthority('s', 'xero', 'client', () => now);
    const a = authority.issue('t1', 60, 3_600);
    const b = authority.issue('t2', 60, 3_600);
    authority.expireAccessTokens('t1');
    authority.revokeRefreshTokens('t1');
    expect(authority.checkAccess(a.accessToken)).toMatchObject({ ok: false, reason: 'expired' });
    expect(authority.checkRefresh(a.refreshToken)).toEqual({ ok: false, reason: 'revoked' });
    expect(authority.checkAccess(b.accessToken).ok).toBe(true);
    // Same frozen millisecond: issued after the watermark, so valid.
    const c = authority.issue('t1', 60, 3_600);
    expect(authority.checkAccess(c.accessToken).ok).toBe(true);
    expect(new TokenAuthority('s', 'xero', 'other-client', () => now).checkRefresh(c.refreshToken)).toEqual({
      ok: false,
      reason: 'other-client',
    });
  });
});
