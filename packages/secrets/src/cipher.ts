import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets at rest (OAuth credentials, webhook secrets) with AES-256-GCM.
 *
 * A ciphertext reads `v1.<key id>.<iv>.<auth tag>.<data>` (base64url parts): the key id lets a
 * keyring hold old keys while everything is re-encrypted under a new one.
 */
export interface SecretCipher {
  readonly activeKeyId: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** The key id a ciphertext was written with, to find what a rotation still has to re-encrypt. */
  keyIdOf(ciphertext: string): string;
}

export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

export function keyIdFor(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Parses a key given as base64 (or base64url) of exactly 32 bytes. */
export function parseEncryptionKey(encoded: string): Buffer {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`an encryption key must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  }
  return key;
}

/**
 * Parses the keys a rotation keeps for decrypting only: a comma-separated list, each base64 of 32
 * bytes (`LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS`). Empty or unset gives none.
 */
export function parseEncryptionKeys(list: string | undefined): Buffer[] {
  return (list ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseEncryptionKey);
}

/**
 * A keyring: `active` encrypts, it and every `older` key decrypt (each ciphertext names its key).
 * During a rotation the new key is active and the replaced one older, until `ledgersync keys
 * rotate` has re-encrypted everything under the new one.
 */
export function createSecretCipher(active: Buffer, older: readonly Buffer[] = []): SecretCipher {
  const ring = new Map<string, Buffer>();
  for (const key of [active, ...older]) ring.set(keyIdFor(key), key);
  const activeKeyId = keyIdFor(active);

  return {
    activeKeyId,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', activeKeyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(ciphertext) {
      const [version, keyId, iv, tag, data] = ciphertext.split('.');
      if (version !== 'v1' || !keyId || iv === undefined || tag === undefined || data === undefined) {
        throw new DecryptionError('not a ledgersync ciphertext');
      }
      const key = ring.get(keyId);
      if (!key) throw new DecryptionError(`no encryption key with id ${keyId} is configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new DecryptionError('ciphertext failed authentication (wrong key or tampered data)', { cause });
      }
    },
    keyIdOf(ciphertext) {
      return ciphertext.split('.')[1] ?? '';
    },
  };
}
