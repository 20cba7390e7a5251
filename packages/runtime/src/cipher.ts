import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { createSecretCipher, parseEncryptionKeys, resolveEncryptionKey, type SecretCipher } from '@ledgersync/secrets';
import { dataDir, type ServiceEnv } from './env.js';
import type { Logger } from './logger.js';

export interface Keys {
  /** Encrypts secrets at rest. */
  cipher: SecretCipher;
  /**
   * A secret for one purpose derived from the encryption key (HMAC), so that processes sharing
   * the key agree on it with nothing more to configure (the sandbox fakes' token signing key).
   */
  derive(purpose: string): string;
}

/** The keys of this process, from the configured encryption key (or the development key file). */
export function keysFromEnv(env: ServiceEnv, logger: Logger): Keys {
  const localFile = join(dataDir(env), 'encryption.key');
  const { key, source } = resolveEncryptionKey({
    fromEnv: env.LEDGERSYNC_ENCRYPTION_KEY,
    production: env.NODE_ENV === 'production',
    localFile,
  });
  if (source !== 'environment') {
    logger.warn(
      { keyFile: localFile, generated: source === 'generated' },
      'using a development encryption key stored on this machine; set LEDGERSYNC_ENCRYPTION_KEY in production',
    );
  }
  return {
    cipher: createSecretCipher(key, parseEncryptionKeys(env.LEDGERSYNC_PREVIOUS_ENCRYPTION_KEYS)),
    derive: (purpose) => createHmac('sha256', key).update(`ledgersync:${purpose}`).digest('base64url'),
  };
}
