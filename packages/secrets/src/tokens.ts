import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Kinds of bearer tokens ledgersync issues. The kind is the token's first segment so a leaked
 * token is recognisable (secret scanners, logs) and a key is never mistaken for a connection token.
 */
export type TokenKind = 'lsk' | 'lct';

export interface IssuedToken {
  /** The full token, shown once to the user and never stored. */
  token: string;
  /** Public, non-secret part used to find the stored row and to tell tokens apart in listings. */
  prefix: string;
  /** SHA-256 of the full token, hex. Tokens carry ~190 bits of entropy, so a fast hash is enough. */
  hash: string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniformly likely (256 is not a multiple of 62).
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function issueToken(kind: TokenKind): IssuedToken {
  const prefix = `${kind}_${randomBase62(8)}`;
  const token = `${prefix}_${randomBase62(32)}`;
  return { token, prefix, hash: hashToken(token) };
}

const TOKEN_SHAPE = /^(lsk|lct)_([0-9A-Za-z]{8})_[0-9A-Za-z]{32}$/;

/** The stored prefix of a well-formed token of the given kind, or null for anything else. */
export function tokenPrefix(token: string, kind: TokenKind): string | null {
  const match = TOKEN_SHAPE.exec(token);
  if (!match || match[1] !== kind) return null;
  return `${kind}_${match[2]}`;
}

/** Constant-time check of a presented token against a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  return safeEqual(hashToken(token), storedHash);
}

/** Constant-time string equality; unequal lengths return false without comparing contents. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
