import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'access' | 'refresh';

/** What a token carries; the MAC over it is what makes it trustworthy without shared state. */
export interface TokenClaims {
  tenantId: string;
  kind: TokenKind;
  clientId: string;
  /** Issue time, epoch ms; compared with per-tenant watermarks to expire or revoke in bulk. */
  issuedAt: number;
  /** Expiry, epoch ms. */
  expiresAt: number;
  /** Random and unique per token: what a provider that rotates refresh tokens remembers. */
  id: string;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'expired'; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'wrong-kind' };

// Short keys keep tokens compact. `r` still names the tenant: it was the QuickBooks realm id before
// the fakes shared this format, and keeping it leaves tokens issued before then valid.
interface WirePayload {
  v: 1;
  r: string;
  k: 'a' | 'r';
  c: string;
  iat: number;
  exp: number;
  n: string;
}

/**
 * Keys are derived per provider and per purpose, so a token MAC never doubles as a client secret,
 * and a token minted for one provider never validates at another even with the same secret.
 */
function derive(secret: string, provider: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`ledgersync-fake-${provider}:${purpose}`).digest();
}

/** The client secret a provider's token endpoint expects for a client id; deterministic for a given secret. */
export function deriveClientSecret(secret: string, provider: string, clientId: string): string {
  return derive(secret, provider, `client-secret:${clientId}`).toString('hex').slice(0, 40);
}

/** Signs and checks self-validating bearer and refresh tokens for one provider. */
export class TokenSigner {
  private readonly key: Buffer;

  constructor(secret: string, provider: string) {
    if (!secret) throw new Error('a token signer needs a non-empty secret');
    this.key = derive(secret, provider, 'token-mac');
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  /** A token for the claims; `id` is ignored and replaced by a random nonce. */
  sign(claims: Omit<TokenClaims, 'id'>): string {
    const payload: WirePayload = {
      v: 1,
      r: claims.tenantId,
      k: claims.kind === 'access' ? 'a' : 'r',
      c: claims.clientId,
      iat: claims.issuedAt,
      exp: claims.expiresAt,
      n: randomBytes(12).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** Checks the MAC, the kind and the expiry against `now` (epoch ms). */
  verify(token: string, kind: TokenKind, now: number): TokenCheck {
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
    const body = token.slice(0, dot);
    const presented = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(body);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'malformed' };
    let payload: WirePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as WirePayload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.v !== 1 || typeof payload.r !== 'string' || typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    const claims: TokenClaims = {
      tenantId: payload.r,
      kind: payload.k === 'a' ? 'access' : 'refresh',
      clientId: payload.c,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
      id: typeof payload.n === 'string' ? payload.n : '',
    };
    if (claims.kind !== kind) return { ok: false, reason: 'wrong-kind' };
    if (now >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }
}
