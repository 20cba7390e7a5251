/**
 * The shared base of the provider fakes.
 *
 * How a fake is assembled (see `src/quickbooks/` and `src/xero/` for two complete ones):
 *
 * 1. **Core.** `new FakeCore({ provider, secret, now, clientId })` gives the clock, the client
 *    credentials (secret derived per provider), a {@link TokenAuthority} (self-validating tokens
 *    whose keys are separated per provider, plus the watermarks behind `expireAccessTokens` /
 *    `revokeRefreshTokens`), a {@link FaultQueue} and a {@link RequestRecorder}.
 *    `core.handle()` returns the `ProviderFake` members every fake implements alike; spread it.
 * 2. **Limits.** `new RateLimiter({ windows, maxInFlight }, core.now)` with one fixed window per
 *    provider limit, each per tenant or per app (QuickBooks: 500/minute + 10 in flight; Xero:
 *    60/minute, 5,000/day, 10,000/minute per app, 5 in flight; Pennylane: 25 per 5 seconds).
 *    `admit(tenantId)` counts a request or says which window refused it and for how long.
 * 3. **Plugin.** In the provider's Fastify plugin: `acceptRawBodies(app)` (bodies are parsed and
 *    rejected the provider's way), `core.recorder.install(app)`, then per API request, in the
 *    provider's order: authenticate with `core.tokens.checkAccess`, resolve the tenant, admit with
 *    the limiter (release in `finally`), take `core.faults.take(tenantId)` and apply it (`status`
 *    answers the provider's error, `delay` sleeps, `reset` calls `drop(reply)` before handling,
 *    `commit-then-reset` handles, then drops), and answer in the provider's own envelope. That
 *    wrapper is the provider's gateway: `registerObjects(app, gateway, objects)` lets each object
 *    ({@link FakeObject}, one folder such as `src/xero/accounts/`) add its routes behind it, its
 *    records kept {@link PerTenant}, in a {@link UniqueRecords} where the provider refuses duplicates.
 * 4. **Tokens.** Mount `refreshTokenHandler({ authority, authenticateClient, ... })` at the
 *    provider's token path with `basicClientAuth` (Intuit, Xero, Sage) or `formClientAuth` (Zoho);
 *    `acceptRefresh` adds rules such as Xero's refresh-token rotation.
 * 5. **Handle.** Return a `ProviderFake`: `{ ...core.handle(), plugin, mintTokens, accounts, reset,
 *    sandbox: { newTenantId, tokenPath } }`, where `reset` calls `core.reset()`, `limiter.reset()`
 *    and each object's `reset()`. Then add one line to `src/registry.ts`. The package README says
 *    how to add an object to a fake.
 *
 * @packageDocumentation
 */
export { FakeCore, type CoreHandle, type FakeCoreOptions } from './core.js';
export { FaultQueue } from './faults.js';
export { acceptRawBodies, drop, header, mediaType, queryParams, rawBody } from './http.js';
export { CONCURRENT, RateLimiter, type Admission, type FixedWindow, type LimitPolicy, type WindowStatus } from './limiter.js';
export { basicClientAuth, formClientAuth, refreshTokenHandler, type ClientAuthenticator, type RefreshEndpointOptions } from './oauth.js';
export { PerTenant, registerObjects, type FakeObject, type RouteHandler } from './objects.js';
export { MAX_RECORDED, RequestRecorder } from './recorder.js';
export { TokenAuthority, type AccessCheck, type IssuedTokens, type RefreshCheck } from './token-authority.js';
export { TokenSigner, deriveClientSecret, type TokenCheck, type TokenClaims, type TokenKind } from './tokens.js';
export { UniqueRecords, type UniqueField } from './unique-records.js';
export type { FakeFault, ProviderFake, RandomFaults, RecordedRequest, SandboxProfile, TokenSet } from './types.js';
