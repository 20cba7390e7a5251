import { randomInt } from 'node:crypto';
import { FakeCore } from '../shared/core.js';
import { RateLimiter } from '../shared/limiter.js';
import { PerTenant } from '../shared/objects.js';
import { quickbooksAccounts } from './accounts/index.js';
import { companyFacts, DEFAULT_REALM, type RealmSettings, realmSettings } from './company.js';
import { quickbooksCompany } from './company-info.js';
import { quickbooksLists } from './lists/entities.js';
import { copyRecord } from './lists/store.js';
import type { Answer } from './faults.js';
import { quickbooksPlugin } from './routes.js';
import type { FakeState } from './routes.js';
import type { QuickbooksFake, QuickbooksFakeOptions, TokenResponse } from './types.js';

export type { RealmSettings } from './company.js';
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
  const idempotency = new PerTenant(() => new Map<string, Answer>());
  const defaults = realmSettings({
    country: options.country ?? DEFAULT_REALM.country,
    nameListRequestIds: options.nameListRequestIds ?? DEFAULT_REALM.nameListRequestIds,
  });
  const realms = new Map<string, RealmSettings>();
  const realm = (realmId: string) => realms.get(realmId) ?? defaults;
  const books = options.books ?? 'default';
  // A realm's company is made on its first request (or knob): every entity's default books carry that time.
  const created = new Map<string, number>();
  const createdAt = (realmId: string) => {
    let at = created.get(realmId);
    if (at === undefined) {
      at = core.now();
      created.set(realmId, at);
    }
    return at;
  };
  const company = (realmId: string) => companyFacts(realm(realmId));
  // The entities served: adding one is its folder and a line here.
  const accounts = quickbooksAccounts({
    requireParentSameType: options.requireParentSameType ?? true,
    idsAfter: options.idsAfter ?? 0,
    books,
    now: core.now,
    createdAt,
    company,
  });
  const { classes, departments, taxRates } = quickbooksLists({ books, createdAt });
  const objects = [accounts, classes, departments, taxRates, ...quickbooksCompany({ company, createdAt, now: core.now })];
  const listOf = (entity: typeof classes | undefined, realmId: string) => [...(entity?.stores.of(realmId).inIdOrder ?? [])].map(copyRecord);

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

  const state: FakeState = { core, limiter, objects, idempotency, realm, issueTokens };

  return {
    ...core.handle(),
    provider: 'quickbooks',
    plugin: quickbooksPlugin(state),
    mintTokens: (realmId, opts) => issueTokens(realmId, opts?.accessTtlSeconds ?? ACCESS_TTL_SECONDS),
    accounts: (realmId) => accounts.list(realmId),
    configureRealm: (realmId, settings) => {
      realms.set(realmId, realmSettings({ ...realm(realmId), ...settings }));
    },
    deactivateAccount: (realmId, id) => accounts.deactivate(realmId, id),
    seedAccounts: (realmId, count) => accounts.seed(realmId, count),
    classes: (realmId) => listOf(classes, realmId),
    departments: (realmId) => listOf(departments, realmId),
    taxRates: (realmId) => listOf(taxRates, realmId),
    reset: () => {
      for (const object of objects) object.reset();
      created.clear();
      idempotency.clear();
      realms.clear();
      limiter.reset();
      core.reset();
    },
    sandbox: {
      // QuickBooks realm ids are long decimal numbers.
      newTenantId: () => `9341${String(randomInt(1e11)).padStart(11, '0')}`,
      tokenPath: '/oauth2/v1/tokens/bearer',
      companyCountry: defaults.country,
    },
  };
}
