import { randomInt } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import type { TokenClaims } from '../shared/tokens.js';
import { zohoAccounts } from './accounts/index.js';
import { DEFAULT_ORGANIZATION, zohoOrganizations } from './organizations/index.js';
import { zohoReportingTags } from './reporting-tags/index.js';
import { zohoTaxes } from './taxes/index.js';
import { zohoBooksPlugin } from './routes.js';
import type { ZohoState } from './routes.js';
import type { ZohoAccount, ZohoBooksFake, ZohoBooksFakeOptions, ZohoTokenResponse } from './types.js';

export type { SeedAccount } from './accounts/index.js';
export type {
  ZohoAccount,
  ZohoBooksFake,
  ZohoBooksFakeOptions,
  ZohoCurrency,
  ZohoCustomField,
  ZohoRefreshResponse,
  ZohoTokenResponse,
} from './types.js';

const ACCESS_TTL_SECONDS = 3600;
// Zoho refresh tokens do not expire; they live until revoked.
const REFRESH_TTL_SECONDS = 10 * 365 * 24 * 3600;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/**
 * Creates a fake Zoho Books API v3: Chart of Accounts create, list and get
 * (`/books/v3/chartofaccounts`), with Zoho's accounts-server token endpoint (`/oauth/v2/token`).
 * The organisation is the `organization_id` query parameter; tokens are self-validating (HMAC with
 * `options.secret`, keys separate from the other fakes'), so another process holding the same
 * secret can mint tokens this fake accepts.
 */
export function createZohoBooksFake(options: ZohoBooksFakeOptions): ZohoBooksFake {
  const core = new FakeCore({
    provider: 'zohobooks',
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
  });
  const requestsPerDay = options.requestsPerDay ?? 1_000;
  const limiter = new RateLimiter(
    {
      windows: [
        { name: 'minute', limit: options.requestsPerMinute ?? 100, windowMs: MINUTE, scope: 'tenant' },
        { name: 'day', limit: requestsPerDay, windowMs: DAY, scope: 'tenant' },
      ],
      maxInFlight: options.maxConcurrent ?? 10,
    },
    core.now,
  );
  const currencies = options.currencies ?? [{ currency_id: '460000000000097', currency_code: 'USD' }];
  if (currencies.length === 0) throw new Error('the Zoho Books fake needs at least one currency (the base currency)');
  const apiDomain = options.apiDomain ?? 'https://www.zohoapis.com';
  const refreshesPerWindow = options.refreshesPerWindow ?? 10;
  const refreshWindowMs = options.refreshWindowMs ?? 10 * MINUTE;

  // The objects served: adding one is its folder and a line here.
  const idsAfter = options.idsAfter ?? 0;
  const defaultBooks = options.defaultBooks ?? true;
  const accounts = zohoAccounts({
    currencies,
    uniqueAccountCodes: options.uniqueAccountCodes ?? true,
    utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
    idsAfter,
    defaultChart: defaultBooks,
    now: core.now,
  });
  const base = currencies[0] ?? { currency_id: '460000000000097', currency_code: 'USD' };
  const created = new Date(core.now()).toISOString().slice(0, 10);
  const organization = { ...DEFAULT_ORGANIZATION, ...options.organization };
  const taxes = zohoTaxes(idsAfter, defaultBooks);
  const tags = zohoReportingTags(idsAfter, defaultBooks);
  const objects = [accounts, zohoOrganizations(organization, base, created), taxes, tags];
  // Refresh token id → when it was exchanged, within the last window.
  let exchanges = new Map<string, number[]>();

  const issueTokens = (organizationId: string, accessTtlSeconds = ACCESS_TTL_SECONDS): ZohoTokenResponse => {
    const issued = core.tokens.issue(organizationId, accessTtlSeconds, REFRESH_TTL_SECONDS);
    return {
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      api_domain: apiDomain,
      token_type: 'Bearer',
      expires_in: accessTtlSeconds,
    };
  };

  // Zoho lets one refresh token mint at most 10 access tokens in 10 minutes; then "Access Denied".
  const admitRefresh = (claims: TokenClaims): boolean => {
    const now = core.now();
    const recent = (exchanges.get(claims.id) ?? []).filter((at) => now - at < refreshWindowMs);
    if (recent.length >= refreshesPerWindow) {
      exchanges.set(claims.id, recent);
      return false;
    }
    exchanges.set(claims.id, [...recent, now]);
    return true;
  };

  const state: ZohoState = {
    core,
    limiter,
    requestsPerDay,
    objects,
    issueRefresh: (organizationId) => {
      // The same refresh token keeps working: the answer carries a new access token only.
      const { refresh_token: _unchanged, ...answer } = issueTokens(organizationId);
      return answer;
    },
    admitRefresh,
  };

  return {
    ...core.handle(),
    provider: 'zohobooks',
    plugin: zohoBooksPlugin(state),
    mintTokens: (organizationId, opts): ZohoTokenResponse => issueTokens(organizationId, opts?.accessTtlSeconds),
    accounts: (organizationId): ZohoAccount[] => accounts.list(organizationId),
    seedAccounts: (organizationId, seeds) => accounts.seed(organizationId, seeds),
    taxes: (organizationId) => taxes.list(organizationId),
    reportingTags: (organizationId) => tags.list(organizationId),
    reset: () => {
      for (const object of objects) object.reset();
      exchanges = new Map();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // Zoho organisation ids are decimal numbers, 8 to 11 digits ("10234695", "60015092519").
      newTenantId: () => String(randomInt(10_000_000, 100_000_000_000)),
      tokenPath: '/oauth/v2/token',
    },
  };
}
