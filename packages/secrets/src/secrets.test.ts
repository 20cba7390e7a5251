import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createSecretCipher,
  DecryptionError,
  issueToken,
  keyIdFor,
  parseEncryptionKeys,
  resolveEncryptionKey,
  tokenMatches,
  tokenPrefix,
} from './index.js';

describe('tokens', () => {
  it('issues distinct tokens whose hash, not the token, identifies them', () => {
    const a = issueToken('lsk');
    const b = issueToken('lsk');
    expect(a.token).not.toBe(b.token);
    expect(a.token.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.hash).not.toContain(a.token);
    expect(tokenMatches(a.token, a.hash)).toBe(true);
    expect(tokenMatches(b.token, a.hash)).toBe(false);
  });

  it('reads the prefix only of a well-formed token of the expected kind', () => {
    const key = issueToken('lsk');
    expect(tokenPrefix(key.token, 'lsk')).toBe(key.prefix);
    expect(tokenPrefix(key.token, 'lct')).toBeNull();
    expect(tokenPrefix(`${key.token}x`, 'lsk')).toBeNull();
    expect(tokenPrefix('', 'lsk')).toBeNull();
  });
});

describe('secret cipher', () => {
  it('round-trips and never writes the plaintext', () => {
    const cipher = createSecretCipher(randomBytes(32));
    const sealed = cipher.encrypt('refresh-token-123');
    expect(sealed).not.toContain('refresh-token-123');
    expect(cipher.decrypt(sealed)).toBe('refresh-token-123');
    expect(cipher.keyIdOf(sealed)).toBe(cipher.activeKeyId);
  });

  it('rejects tampered data and unknown keys', () => {
    const cipher = createSecretCipher(randomBytes(32));
    const sealed = cipher.encrypt('secret');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(DecryptionError);
    expect(() => createSecretCipher(randomBytes(32)).decrypt(sealed)).toThrow(/no encryption key/);
  });

  it('decrypts with an older key kept in the ring after rotation', () => {
    const oldKey = randomBytes(32);
    const sealed = createSecretCipher(oldKey).encrypt('secret');
    const rotated = createSecretCipher(randomBytes(32), [oldKey]);
    expect(rotated.decrypt(sealed)).toBe('secret');
    expect(rotated.keyIdOf(rotated.encrypt('secret'))).toBe(rotated.activeKeyId);
  });
});

describe('encryption key resolution', () => {
  it('refuses to start in production without a key', () => {
    expect(() => resolveEncryptionKey({ fromEnv: undefined, production: true, localFile: '/nonexistent' })).toThrow(
      /LEDGERSYNC_ENCRYPTION_KEY is required/,
    );
  });

  it('generates a development key once and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ls-key-')), 'nested', 'encryption.key');
    const first = resolveEncryptionKey({ fromEnv: undefined, production: false, localFile: file });
    const second = resolveEncryptionKey({ fromEnv: undefined, production: false, localFile: file });
    expect(first.source).toBe('generated');
    expect(second.source).toBe('local-file');
    expect(second.key.equals(first.key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('rejects a key of the wrong size', () => {
    expect(() => resolveEncryptionKey({ fromEnv: 'c2hvcnQ=', production: true, localFile: '' })).toThrow(/32 bytes/);
  });
});

describe('previous keys', () => {
  it('parses a comma-separated list, ignoring blanks, and refuses a bad key', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const keys = parseEncryptionKeys(` ${a.toString('base64')}, ,${b.toString('base64')} `);
    expect(keys.map((key) => key.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
    expect(parseEncryptionKeys(undefined)).toEqual([]);
    expect(parseEncryptionKeys('')).toEqual([]);
    expect(() => parseEncryptionKeys(`${a.toString('base64')},c2hvcnQ=`)).toThrow(/32 bytes/);
  });

  it('give a keyring that reads what any of them wrote and writes under the active key only', () => {
    const [first, second, third] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const sealedFirst = createSecretCipher(first).encrypt('one');
    const sealedSecond = createSecretCipher(second).encrypt('two');
    const ring = createSecretCipher(third, parseEncryptionKeys(`${second.toString('base64')},${first.toString('base64')}`));
    expect(ring.decrypt(sealedFirst)).toBe('one');
    expect(ring.decrypt(sealedSecond)).toBe('two');
    expect(ring.keyIdOf(ring.encrypt('three'))).toBe(keyIdFor(third));
    expect(ring.activeKeyId).not.toBe(ring.keyIdOf(sealedFirst));
  });
});
