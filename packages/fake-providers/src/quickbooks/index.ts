import { parseJsonExact, stringifyJsonExact } from '@ledgersync/unified';
import { randomInt } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import { quickbooksPlugin } from './routes.js';
import type { FakeState } from './routes.js';
import { RealmState, snapshot } from './store.js';
import type { QuickbooksAccount, QuickbooksFake, QuickbooksFakeOptions, TokenResponse } from './types.js';

export type { FakeFault, QuickbooksAccount, QuickbooksFake, QuickbooksFakeOptions, RecordedRequest, TokenResponse } from './types.js';

const ACCESS_TTL_SECONDS = 3600;
const REFRESH_TTL_SECONDS = 100 * 24 * 3600;

/**
 * Creates a fake QuickBooks Online Accounting API. Tokens are self-validating (HMAC with
 * `options.secret`), so another process holding the same secret can mint tokens this fake accepts.
 */
export function createQuickbooksFake(options: QuickbooksFakeOptions): QuickbooksFake {
  const core = new FakeCore({
    provider: 'quickbooks',
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
  });
  const limiter = new RateLimiter(
    {
      windows: [{ name: 'minute', limit: options.requestsPerMinute ?? 500, windowMs: 60_000, scope: 'tenant' }],
      maxInFlight: options.maxConcurrent ?? 10,
    },
    core.now,
  );
  let realms = new Map<string, RealmState>();

  const realm = (realmId: string): RealmState => {
    let found = realms.get(realmId);
    if (found === undefined) {
      found = new RealmState();
      realms.set(realmId, found);
    }
    return found;
  };

  const issueTokens = (realmId: string, accessTtlSeconds: number): TokenResponse => {
    const issued = core.tokens.issue(realmId, accessTtlSeconds, REFRESH_TTL_SECONDS);
    return {
      token_type: 'bearer',
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      expires_in: accessTtlSeconds,
      x_refresh_token_expires_in: REFRESH_TTL_SECONDS,
    };
  };

  const state: FakeState = { core, limiter, requireParentSameType: options.requireParentSameType ?? true, realm, issueTokens };

  return {
    ...core.handle(),
    provider: 'quickbooks',
    plugin: quickbooksPlugin(state),
    mintTokens: (realmId, opts) => issueTokens(realmId, opts?.accessTtlSeconds ?? ACCESS_TTL_SECONDS),
    // As the API answers them, through JSON: balances are plain numbers unless a double would change
    // their digits (then a JsonNumber holding them).
    accounts: (realmId) =>
      [...(realms.get(realmId)?.accounts.values() ?? [])].map((account) => parseJsonExact(stringifyJsonExact(snapshot(account))) as QuickbooksAccount),
    reset: () => {
      realms = new Map();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // QuickBooks realm ids are long decimal numbers.
      newTenantId: () => `9341${String(randomInt(1e11)).padStart(11, '0')}`,
      tokenPath: '/oauth2/v1/tokens/bearer',
    },
  };
}
