import { FaultQueue } from './faults.js';
import { RequestRecorder } from './recorder.js';
import { TokenAuthority } from './token-authority.js';
import { deriveClientSecret } from './tokens.js';
import type { ProviderFake } from './types.js';

/** Options every fake takes. */
export interface FakeCoreOptions {
  /** The provider slug; also separates the token keys of one provider from another's. */
  provider: string;
  /** Signs tokens and derives the client secret; every process holding it accepts the same tokens. */
  secret: string;
  /** Clock in epoch milliseconds; inject one to move time in tests. Defaults to `Date.now`. */
  now?: () => number;
  /** OAuth client id the token endpoint expects. Defaults to `ledgersync-sandbox`. */
  clientId?: string;
}

/** The members of {@link ProviderFake} that every fake implements the same way. */
export type CoreHandle = Pick<
  ProviderFake,
  | 'provider'
  | 'clientId'
  | 'clientSecret'
  | 'requests'
  | 'injectFault'
  | 'injectRandomFaults'
  | 'expireAccessTokens'
  | 'revokeRefreshTokens'
>;

/** The provider-independent state of a fake: clock, client credentials, tokens, faults, recording. */
export class FakeCore {
  readonly provider: string;
  readonly now: () => number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokens: TokenAuthority;
  readonly faults = new FaultQueue();
  readonly recorder: RequestRecorder;

  constructor(options: FakeCoreOptions) {
    if (!options.secret) throw new Error(`the ${options.provider} fake needs a non-empty secret`);
    this.provider = options.provider;
    this.now = options.now ?? Date.now;
    this.clientId = options.clientId ?? 'ledgersync-sandbox';
    this.clientSecret = deriveClientSecret(options.secret, options.provider, this.clientId);
    this.tokens = new TokenAuthority(options.secret, options.provider, this.clientId, this.now);
    this.recorder = new RequestRecorder(this.now);
  }

  /** Spread into the fake's public object. */
  handle(): CoreHandle {
    return {
      provider: this.provider,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      requests: this.recorder.requests,
      injectFault: (fault, opts) => this.faults.add(fault, opts?.tenantId, opts?.times ?? 1),
      injectRandomFaults: (profile, opts) => this.faults.setRandom(profile, opts?.tenantId),
      expireAccessTokens: (tenantId) => this.tokens.expireAccessTokens(tenantId),
      revokeRefreshTokens: (tenantId) => this.tokens.revokeRefreshTokens(tenantId),
    };
  }

  /** Forgets watermarks, queued faults and recorded requests; the fake resets its own data. */
  reset(): void {
    this.tokens.reset();
    this.faults.clear();
    this.recorder.clear();
  }
}
