import { createHash } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import type { TokenClaims } from '../shared/tokens.js';
import { sageAnalysisTypes } from './analysis-types/index.js';
import { sageBusinesses } from './businesses/index.js';
import { IdempotencyLedger } from './idempotency.js';
import { sageId } from './ids.js';
import { sageLedgerAccountTypes } from './ledger-account-types/index.js';
import { sageLedgerAccounts } from './ledger-accounts/index.js';
import { sagePlugin } from './routes.js';
import type { SageState } from './routes.js';
import { sageTaxRates } from './tax-rates/index.js';
import type { SageFake, SageFakeOptions, SageTokenResponse } from './types.js';

export type { SageAnalysisType, SageAnalysisTypeCategory } from './analysis-types/index.js';
export type { SageBusiness, SageFinancialSettings } from './businesses/index.js';
export type { SeedOptions } from './ledger-accounts/index.js';
export type { SageTaxRate } from './tax-rates/index.js';
export type { SageFake, SageFakeOptions, SageLedgerAccount, SageLink, SageTokenResponse } from './types.js';

const DAY_SECONDS = 24 * 3600;

/** A stable user id per business, shaped like Sage's `requested_by_id` (a UUID). */
function userIdOf(businessId: string): string {
  const hex = createHash('sha256').update(`sage-user:${businessId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates a fake Sage Business Cloud Accounting API v3.1 (`/v3.1/ledger_accounts`,
 * `/v3.1/ledger_account_types`, `/v3.1/tax_rates`, `/v3.1/analysis_types`,
 * `/v3.1/analysis_type_categories`, `/v3.1/businesses`, `/v3.1/financial_settings`) with Sage's token endpoint
 * (`POST /token`). A token is minted for a user whose lead business is the tenant; requests pick
 * the business with `X-Business`. Tokens are self-validating (HMAC with `options.secret`, keys
 * separate from the other fakes'), so another process holding the same secret can mint tokens
 * this fake accepts.
 */
export function createSageFake(options: SageFakeOptions): SageFake {
  const core = new FakeCore({
    provider: 'sage',
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
  });
  // Per business: 100 calls a minute and 2,500 a day (the lower figures; Sage's v3.1 pages are silent: see NOTES.md).
  const limiter = new RateLimiter(
    {
      windows: [
        { name: 'window', limit: options.requestsPerWindow ?? 100, windowMs: options.windowMs ?? 60_000, scope: 'tenant' },
        { name: 'day', limit: options.requestsPerDay ?? 2_500, windowMs: DAY_SECONDS * 1000, scope: 'tenant' },
      ],
    },
    core.now,
  );
  const accessTtlSeconds = options.accessTtlSeconds ?? 300;
  const refreshTtlSeconds = options.refreshTtlSeconds ?? 31 * DAY_SECONDS;
  const rotateRefreshTokens = options.rotateRefreshTokens ?? true;
  // The objects served: adding one is its folder and a line here.
  // A business's books are made with it, on its first request: the default chart, tax rates, analysis types.
  const ledgerAccounts = sageLedgerAccounts({
    maxNominalCode: options.maxNominalCode ?? 99_999_999,
    maxNameLength: options.maxNameLength ?? 100,
    defaultBooks: options.defaultBooks ?? true,
    now: core.now,
  });
  const taxRates = sageTaxRates(core.now);
  const analysis = sageAnalysisTypes(core.now);
  const businesses = sageBusinesses(core.now);
  const objects = [ledgerAccounts, sageLedgerAccountTypes(), taxRates, analysis, businesses];
  const idempotency = new IdempotencyLedger(options.idempotencyRetentionMs);
  // Refresh token id → its expiry; an exchanged token is remembered until it would have expired anyway.
  let exchanged = new Map<string, number>();

  const issueTokens = (businessId: string, ttlSeconds: number): SageTokenResponse => {
    const issued = core.tokens.issue(businessId, ttlSeconds, refreshTtlSeconds);
    return {
      access_token: issued.accessToken,
      scope: 'full_access',
      token_type: 'bearer',
      expires_in: ttlSeconds,
      refresh_token: issued.refreshToken,
      refresh_token_expires_in: refreshTtlSeconds,
      requested_by_id: userIdOf(businessId),
    };
  };

  // Sage rotates refresh tokens: each is good for one exchange, after which it answers invalid_grant.
  const acceptRefresh = (claims: TokenClaims): boolean => {
    if (!rotateRefreshTokens) return true;
    const now = core.now();
    for (const [id, expiresAt] of exchanged) if (expiresAt <= now) exchanged.delete(id);
    if (exchanged.has(claims.id)) return false;
    exchanged.set(claims.id, claims.expiresAt);
    return true;
  };

  const state: SageState = {
    core,
    limiter,
    settings: {
      accessTtlSeconds,
      retryAfterSeconds: options.retryAfterSeconds,
      maxItemsPerPage: options.maxItemsPerPage ?? 200,
    },
    objects,
    idempotency,
    issueTokens,
    acceptRefresh,
  };

  return {
    ...core.handle(),
    provider: 'sage',
    plugin: sagePlugin(state),
    mintTokens: (tenantId, opts) => issueTokens(tenantId, opts?.accessTtlSeconds ?? accessTtlSeconds),
    accounts: (tenantId) => ledgerAccounts.list(tenantId),
    seedLedgerAccounts: (tenantId, count, opts) => ledgerAccounts.seed(tenantId, count, opts),
    taxRates: (tenantId) => taxRates.list(tenantId),
    changeTaxRate: (tenantId, id, fields) => taxRates.change(tenantId, id, fields),
    analysisTypes: (tenantId) => analysis.types(tenantId),
    analysisTypeCategories: (tenantId) => analysis.categories(tenantId),
    business: (tenantId) => businesses.business(tenantId),
    financialSettings: (tenantId) => businesses.financialSettings(tenantId),
    reset: () => {
      for (const object of objects) object.reset();
      idempotency.reset();
      exchanged = new Map();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // Sage business ids are 32 lower-case hex characters.
      newTenantId: sageId,
      tokenPath: '/token',
    },
  };
}
