import { FaultQueue } from './limits.js';
import { quickbooksPlugin } from './routes.js';
import type { FakeState } from './routes.js';
import { RealmState, snapshot } from './store.js';
import { TokenSigner, deriveClientSecret } from './tokens.js';
import type { QuickbooksFake, QuickbooksFakeOptions, RecordedRequest, TokenResponse } from './types.js';

export type { FakeFault, QuickbooksAccount, QuickbooksFake, QuickbooksFakeOptions, RecordedRequest, TokenResponse } from './types.js';

const ACCESS_TTL_SECONDS = 3600;
const REFRESH_TTL_SECONDS = 100 * 24 * 3600;
const MAX_RECORDED = 10_000;

/**
 * Creates a fake QuickBooks Online Accounting API. Tokens are self-validating (HMAC with
 * `options.secret`), so another process holding the same secret can mint tokens this fake accepts.
 */
export function createQuickbooksFake(options: QuickbooksFakeOptions): QuickbooksFake {
  if (!options.secret) throw new Error('createQuickbooksFake needs a non-empty secret');
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'ledgersync-sandbox';
  const clientSecret = deriveClientSecret(options.secret, clientId);
  const signer = new TokenSigner(options.secret);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  let realms = new Map<string, RealmState>();
  // Issue times are strictly increasing so a watermark set at "now" also kills tokens minted in the
  // same millisecond before it, yet spares those minted after it, even with a frozen test clock.
  let lastIssuedAt = 0;

  const realm = (realmId: string): RealmState => {
    let found = realms.get(realmId);
    if (found === undefined) {
      found = new RealmState();
      realms.set(realmId, found);
    }
    return found;
  };

  const issueTokens = (realmId: string, accessTtlSeconds: number): TokenResponse => {
    const at = now();
    const issuedAt = Math.max(at, lastIssuedAt + 1);
    lastIssuedAt = issuedAt;
    const claims = { realmId, clientId, issuedAt };
    return {
      token_type: 'bearer',
      access_token: signer.sign({ ...claims, kind: 'access', expiresAt: at + accessTtlSeconds * 1000 }),
      refresh_token: signer.sign({ ...claims, kind: 'refresh', expiresAt: at + REFRESH_TTL_SECONDS * 1000 }),
      expires_in: accessTtlSeconds,
      x_refresh_token_expires_in: REFRESH_TTL_SECONDS,
    };
  };

  const watermark = () => Math.max(now(), lastIssuedAt + 1);

  const state: FakeState = {
    now,
    requestsPerMinute: options.requestsPerMinute ?? 500,
    maxConcurrent: options.maxConcurrent ?? 10,
    clientId,
    clientSecret,
    requireParentSameType: options.requireParentSameType ?? true,
    signer,
    faults,
    realm,
    peekRealm: (realmId) => realms.get(realmId),
    record: (entry) => {
      requests.push(entry);
      if (requests.length > MAX_RECORDED) requests.shift();
    },
    issueTokens,
  };

  return {
    plugin: quickbooksPlugin(state),
    clientId,
    clientSecret,
    requests,
    mintTokens: (realmId, opts) => issueTokens(realmId, opts?.accessTtlSeconds ?? ACCESS_TTL_SECONDS),
    accounts: (realmId) => [...(realms.get(realmId)?.accounts.values() ?? [])].map(snapshot),
    injectFault: (fault, opts) => faults.add(fault, opts?.realmId, opts?.times ?? 1),
    expireAccessTokens: (realmId) => {
      realm(realmId).accessWatermark = watermark();
    },
    revokeRefreshTokens: (realmId) => {
      realm(realmId).refreshWatermark = watermark();
    },
    reset: () => {
      realms = new Map();
      faults.clear();
      requests.length = 0;
    },
  };
}
