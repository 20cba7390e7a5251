import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'access' | 'refresh';

/** What a token carries; the MAC over it is what makes it trustworthy without shared state. */
export interface TokenClaims {
  realmId: string;
  kind: TokenKind;
  clientId: string;
  /** Issue time, epoch ms; compared with per-realm watermarks to expire or revoke in bulk. */
  issuedAt: number;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'expired' | 'wrong-kind' };

interface WirePayload {
  v: 1;
  r: string;
  k: 'a' | 'r';
  c: string;
  iat: number;
  exp: number;
  n: string;
}

// Domain-separated keys so a token MAC can never double as the client secret or vice versa.
function derive(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`ledgersync-fake-quickbooks:${purpose}`).digest();
}

/** The client secret the token endpoint expects for a client id; deterministic for a given secret. */
export function deriveClientSecret(secret: string, clientId: string): string {
  return derive(secret, `client-secret:${clientId}`).toString('hex').slice(0, 40);
}

/** Signs and checks self-validating bearer and refresh tokens. */
export class TokenSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = derive(secret, 'token-mac');
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  /** A token for the claims, with a random nonce so two tokens never collide. */
  sign(claims: TokenClaims): string {
    const payload: WirePayload = {
      v: 1,
      r: claims.realmId,
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
      realmId: payload.r,
      kind: payload.k === 'a' ? 'access' : 'refresh',
      clientId: payload.c,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
    };
    if (claims.kind !== kind) return { ok: false, reason: 'wrong-kind' };
    if (now >= claims.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }
}
