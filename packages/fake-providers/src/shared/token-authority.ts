import { TokenSigner } from './tokens.js';
import type { TokenClaims } from './tokens.js';

/** A freshly issued pair, before a provider shapes it into its token endpoint's answer. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

export type AccessCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'invalid' }
  /** `expiredAt`: the token's own expiry, or when `expireAccessTokens` cut it short. */
  | { ok: false; reason: 'expired'; expiredAt: number };

export type RefreshCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' | 'revoked' | 'other-client' };

/**
 * Issues and checks one provider's tokens, and holds the per-tenant issue-time watermarks behind
 * `expireAccessTokens` / `revokeRefreshTokens`. Tokens stay self-validating (see {@link TokenSigner});
 * only the watermarks are local to this process.
 */
export class TokenAuthority {
  private readonly signer: TokenSigner;
  private accessWatermarks = new Map<string, number>();
  private refreshWatermarks = new Map<string, number>();
  // Issue times are strictly increasing so a watermark set at "now" also kills tokens minted in the
  // same millisecond before it, yet spares those minted after it, even with a frozen test clock.
  private lastIssuedAt = 0;

  constructor(
    secret: string,
    provider: string,
    readonly clientId: string,
    private readonly now: () => number,
  ) {
    this.signer = new TokenSigner(secret, provider);
  }

  issue(tenantId: string, accessTtlSeconds: number, refreshTtlSeconds: number): IssuedTokens {
    const at = this.now();
    const issuedAt = Math.max(at, this.lastIssuedAt + 1);
    this.lastIssuedAt = issuedAt;
    const claims = { tenantId, clientId: this.clientId, issuedAt };
    const accessExpiresAt = at + accessTtlSeconds * 1000;
    const refreshExpiresAt = at + refreshTtlSeconds * 1000;
    return {
      accessToken: this.signer.sign({ ...claims, kind: 'access', expiresAt: accessExpiresAt }),
      refreshToken: this.signer.sign({ ...claims, kind: 'refresh', expiresAt: refreshExpiresAt }),
      issuedAt,
      accessExpiresAt,
      refreshExpiresAt,
    };
  }

  checkAccess(token: string): AccessCheck {
    const check = this.signer.verify(token, 'access', this.now());
    if (!check.ok)
      return check.reason === 'expired'
        ? { ok: false, reason: 'expired', expiredAt: check.claims.expiresAt }
        : { ok: false, reason: 'invalid' };
    const watermark = this.accessWatermarks.get(check.claims.tenantId) ?? 0;
    if (check.claims.issuedAt < watermark) return { ok: false, reason: 'expired', expiredAt: watermark };
    return check;
  }

  checkRefresh(token: string): RefreshCheck {
    const check = this.signer.verify(token, 'refresh', this.now());
    if (!check.ok) return { ok: false, reason: check.reason === 'expired' ? 'expired' : 'invalid' };
    if (check.claims.clientId !== this.clientId) return { ok: false, reason: 'other-client' };
    if (check.claims.issuedAt < (this.refreshWatermarks.get(check.claims.tenantId) ?? 0)) return { ok: false, reason: 'revoked' };
    return check;
  }

  expireAccessTokens(tenantId: string): void {
    this.accessWatermarks.set(tenantId, this.watermark());
  }

  revokeRefreshTokens(tenantId: string): void {
    this.refreshWatermarks.set(tenantId, this.watermark());
  }

  /** Forgets the watermarks (tokens expired or revoked on demand become valid again). */
  reset(): void {
    this.accessWatermarks = new Map();
    this.refreshWatermarks = new Map();
  }

  private watermark(): number {
    return Math.max(this.now(), this.lastIssuedAt + 1);
  }
}
