import { randomInt } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import type { TokenClaims } from '../shared/tokens.js';
import { TokenSigner } from '../shared/tokens.js';
import { pennylaneCategories } from './categories/index.js';
import { pennylaneLedgerAccounts } from './ledger-accounts/index.js';
import { DEFAULT_COMPANY, pennylaneMe } from './me/index.js';
import { VAT_RATES } from './ledger-accounts/vat-rates.js';
import type { PennylaneState } from './routes.js';
import { pennylanePlugin } from './routes.js';
import type { PennylaneFake, PennylaneFakeOptions, PennylaneTokenResponse } from './types.js';

export type { PennylaneCategory, PennylaneCategoryGroup } from './categories/index.js';
export type { SeedLedgerAccount } from './ledger-accounts/index.js';
export type { PennylaneFake, PennylaneFakeOptions, PennylaneLedgerAccount, PennylaneThirdParty, PennylaneTokenResponse } from './types.js';
export { VAT_RATES } from './ledger-accounts/vat-rates.js';

const DAY_SECONDS = 24 * 3600;

/**
 * Creates a fake Pennylane Company API v2: `POST/GET /api/external/v2/ledger_accounts`,
 * `GET /api/external/v2/ledger_accounts/{id}`, and Pennylane's OAuth token endpoint
 * (`POST /oauth/token`). The company is the token's: requests never name it. Tokens are
 * self-validating (HMAC with `options.secret`, keys separate from the other fakes'), so another
 * process holding the same secret can mint tokens this fake accepts.
 */
export function createPennylaneFake(options: PennylaneFakeOptions): PennylaneFake {
  const core = new FakeCore({
    provider: 'pennylane',
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
  });
  const limiter = new RateLimiter(
    { windows: [{ name: 'window', limit: options.requestsPerWindow ?? 25, windowMs: options.windowMs ?? 5_000, scope: 'tenant' }] },
    core.now,
  );
  // Reads the company of a token whatever its expiry, for limits counted per company.
  const signer = new TokenSigner(options.secret, 'pennylane');
  const accessTtlSeconds = options.accessTtlSeconds ?? DAY_SECONDS;
  const refreshTtlSeconds = options.refreshTtlSeconds ?? 90 * DAY_SECONDS;
  const defaultScopes = options.scopes ?? ['ledger_accounts:all', 'categories:readonly'];
  const defaultBooks = options.defaultBooks ?? true;
  const idsAfter = options.idsAfter ?? 0;
  // The objects served: adding one is its folder and a line here.
  const ledgerAccounts = pennylaneLedgerAccounts({
    rules: {
      vatRates: new Set(options.vatRates ?? VAT_RATES),
      uniqueBy: options.uniqueBy ?? 'number',
      defaultCountry: options.defaultCountry ?? 'FR',
      timestamps: options.timestamps ?? true,
    },
    unknownKeys: options.unknownKeys ?? 'ignore',
    idsAfter,
    defaultChart: defaultBooks,
    now: core.now,
  });
  const categories = pennylaneCategories({ idsAfter, seeded: defaultBooks, now: core.now });
  const objects = [ledgerAccounts, pennylaneMe({ ...DEFAULT_COMPANY, ...options.company }), categories];
  let grants = new Map<string, readonly string[]>();
  // Token pairs given up by a refresh (an access and a refresh token share their issue time),
  // kept until the refresh token would have expired anyway.
  let rotated = new Map<string, number>();
  const pairKey = (claims: TokenClaims) => `${claims.tenantId}\u0000${claims.issuedAt}`;

  const scopesOf = (companyId: string) => grants.get(companyId) ?? defaultScopes;

  const issueTokens = (companyId: string, ttlSeconds: number): PennylaneTokenResponse => {
    const issued = core.tokens.issue(companyId, ttlSeconds, refreshTtlSeconds);
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: ttlSeconds,
      refresh_token: issued.refreshToken,
      scope: scopesOf(companyId).join(' '),
      created_at: Math.floor(core.now() / 1000),
    };
  };

  const state: PennylaneState = {
    core,
    limiter,
    objects,
    clientAuth: options.clientAuth ?? 'body',
    limitKey: (token) => {
      if (token !== undefined && options.limitPer === 'company') {
        const check = signer.verify(token, 'access', core.now());
        if (check.ok || check.reason === 'expired') return `company\u0000${check.claims.tenantId}`;
      }
      return `token\u0000${token ?? ''}`;
    },
    scopesOf,
    revoked: (claims) => rotated.has(pairKey(claims)),
    rotate: (claims) => {
      const now = core.now();
      for (const [key, expiresAt] of rotated) if (expiresAt <= now) rotated.delete(key);
      if (rotated.has(pairKey(claims))) return false;
      rotated.set(pairKey(claims), claims.expiresAt);
      return true;
    },
    issueTokens: (companyId) => issueTokens(companyId, accessTtlSeconds),
  };

  return {
    ...core.handle(),
    provider: 'pennylane',
    plugin: pennylanePlugin(state),
    mintTokens: (companyId, opts) => issueTokens(companyId, opts?.accessTtlSeconds ?? accessTtlSeconds),
    accounts: (companyId) => ledgerAccounts.list(companyId),
    suppliers: (companyId) => ledgerAccounts.suppliers(companyId),
    companyCustomers: (companyId) => ledgerAccounts.companyCustomers(companyId),
    seedAccounts: (companyId, accounts) => ledgerAccounts.seed(companyId, accounts),
    categoryGroups: (companyId) => categories.groups(companyId),
    categories: (companyId) => categories.categories(companyId),
    grantScopes: (companyId, scopes) => {
      grants.set(companyId, [...scopes]);
    },
    reset: () => {
      for (const object of objects) object.reset();
      grants = new Map();
      rotated = new Map();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // Pennylane company ids are integers.
      newTenantId: () => String(randomInt(100_000, 10_000_000)),
      tokenPath: '/oauth/token',
    },
  };
}
