import { randomUUID } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import type { TokenClaims } from '../shared/tokens.js';
import { xeroPlugin } from './routes.js';
import type { XeroState } from './routes.js';
import { xeroAccounts } from './accounts/index.js';
import type { BooksSettings } from './books/index.js';
import { taxRegime } from './books/regimes.js';
import { IdempotencyCache } from './idempotency.js';
import { xeroOrganisation } from './organisation/index.js';
import { xeroTaxRates } from './tax-rates/index.js';
import { xeroTrackingCategories } from './tracking-categories/index.js';
import type { XeroFake, XeroFakeOptions, XeroTokenResponse } from './types.js';

export type {
  XeroAccount,
  XeroFake,
  XeroFakeOptions,
  XeroOrganisation,
  XeroTaxRate,
  XeroTokenResponse,
  XeroTrackingCategory,
  XeroTrackingOption,
} from './types.js';

const ACCESS_TTL_SECONDS = 1800;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
// What a connection granted for pushing accounts holds; Xero echoes the granted scopes on refresh.
const SCOPE = 'offline_access accounting.settings';

/**
 * Creates a fake Xero Accounting API (`/api.xro/2.0`: Accounts, Organisation, TaxRates,
 * TrackingCategories; each tenant starts with the default books of `options.countryCode`) with
 * Xero's identity token endpoint (`POST /connect/token`). Request bodies are validated against
 * Xero's OpenAPI document (the package's `spec/xero_accounting.yaml`), then against Xero's
 * business rules. Tokens are self-validating (HMAC with `options.secret`, keys separate from the
 * other fakes'), so another process holding the same secret can mint tokens this fake accepts.
 */
export function createXeroFake(options: XeroFakeOptions): XeroFake {
  const core = new FakeCore({
    provider: 'xero',
    secret: options.secret,
    ...(options.now ? { now: options.now } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
  });
  const limiter = new RateLimiter(
    {
      windows: [
        { name: 'minute', limit: options.requestsPerMinute ?? 60, windowMs: MINUTE, scope: 'tenant' },
        { name: 'day', limit: options.requestsPerDay ?? 5_000, windowMs: DAY, scope: 'tenant' },
        // One count for the app across all its tenants: the fake serves one OAuth client.
        { name: 'appminute', limit: options.appRequestsPerMinute ?? 10_000, windowMs: options.appWindowMs ?? MINUTE, scope: 'app' },
      ],
      maxInFlight: options.maxConcurrent ?? 5,
    },
    core.now,
  );
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 6 * MINUTE;
  const refreshGraceMs = options.refreshGraceMs ?? 30 * MINUTE;
  const refreshTtlSeconds = options.refreshTtlSeconds ?? 60 * 24 * 3600;
  const idempotency = new IdempotencyCache(idempotencyTtlMs, core.now);
  const countryCode = options.countryCode ?? 'NZ';
  const baseCurrency = options.baseCurrency ?? taxRegime(countryCode).currency;
  const books: BooksSettings = {
    books: options.books ?? 'default',
    countryCode,
    baseCurrency,
    organisationName: options.organisationName ?? 'Ledgersync Sandbox Company',
    now: core.now,
  };
  // The objects served: adding one is its folder and a line here.
  const accounts = xeroAccounts(books);
  const organisation = xeroOrganisation(books);
  const taxRates = xeroTaxRates(books);
  const tracking = xeroTrackingCategories(books);
  const objects = [accounts, organisation, taxRates, tracking];
  // Refresh token id → when it was first exchanged; kept until the token would have expired anyway.
  let exchanged = new Map<string, { at: number; expiresAt: number }>();

  const issueTokens = (tenantId: string, accessTtlSeconds: number): XeroTokenResponse => {
    const issued = core.tokens.issue(tenantId, accessTtlSeconds, refreshTtlSeconds);
    return {
      access_token: issued.accessToken,
      expires_in: accessTtlSeconds,
      token_type: 'Bearer',
      refresh_token: issued.refreshToken,
      scope: SCOPE,
    };
  };

  // Xero rotates refresh tokens: one exchanged stays usable for a grace period (so a client that
  // lost the answer can retry), then answers invalid_grant.
  const acceptRefresh = (claims: TokenClaims): boolean => {
    const now = core.now();
    for (const [id, entry] of exchanged) if (entry.expiresAt <= now) exchanged.delete(id);
    const first = exchanged.get(claims.id);
    if (first === undefined) {
      exchanged.set(claims.id, { at: now, expiresAt: claims.expiresAt });
      return true;
    }
    return now - first.at < refreshGraceMs;
  };

  const state: XeroState = {
    core,
    limiter,
    options: {
      providerName: options.providerName ?? 'Ledgersync Sandbox',
      baseCurrency,
      schemaErrorStyle: options.schemaErrorStyle ?? 'post-data-invalid',
    },
    objects,
    idempotency,
    issueTokens,
    acceptRefresh,
  };

  return {
    ...core.handle(),
    provider: 'xero',
    plugin: xeroPlugin(state),
    mintTokens: (tenantId, opts) => issueTokens(tenantId, opts?.accessTtlSeconds ?? ACCESS_TTL_SECONDS),
    accounts: (tenantId) => accounts.list(tenantId),
    chart: (tenantId) => accounts.chart(tenantId),
    seedAccounts: (tenantId, count) => accounts.seed(tenantId, count),
    useAccount: (tenantId, accountId) => accounts.use(tenantId, accountId),
    organisation: (tenantId) => organisation.organisation(tenantId),
    taxRates: (tenantId) => taxRates.taxRates(tenantId),
    changeTaxRate: (tenantId, taxType, change) => taxRates.change(tenantId, taxType, change),
    trackingCategories: (tenantId) => tracking.trackingCategories(tenantId),
    reset: () => {
      for (const object of objects) object.reset();
      idempotency.clear();
      exchanged = new Map();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // Xero tenant (organisation) ids are GUIDs.
      newTenantId: () => randomUUID(),
      tokenPath: '/connect/token',
    },
  };
}
