export { createSecretCipher, DecryptionError, keyIdFor, parseEncryptionKey, parseEncryptionKeys, type SecretCipher } from './cipher.js';
export { type ResolvedKey, resolveEncryptionKey } from './local-key.js';
export { hashToken, type IssuedToken, issueToken, safeEqual, type TokenKind, tokenMatches, tokenPrefix } from './tokens.js';
