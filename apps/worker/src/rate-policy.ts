import type { Connection } from '@ledgersync/db';
import type { RatePolicy } from '@ledgersync/jobs';
import type { ProviderDescriptor } from '@ledgersync/providers';

// A lease outlives the longest request by this much, so only a dead worker's lease expires.
const LEASE_MARGIN_MS = 5_000;

/**
 * The app a connection's requests count against besides its own tenant's limits: an install has
 * one OAuth app per provider, so every connection of a provider shares it (Xero counts the app's
 * calls across all its tenants, 10,000 a minute). When its quota is spent, the limiter holds the app.
 */
export function appOf(connection: Pick<Connection, 'provider'>): string {
  return connection.provider;
}

/** The provider's documented limits, with the connection's own overrides on top. */
export function ratePolicyFor(descriptor: ProviderDescriptor, connection: Connection, timeoutMs: number): RatePolicy {
  const override = connection.rateLimits ?? {};
  const concurrency = override.concurrency ?? descriptor.rateLimits.concurrency;
  return {
    windows: override.windows ?? descriptor.rateLimits.windows,
    ...(concurrency === undefined ? {} : { concurrency }),
    leaseMs: timeoutMs + LEASE_MARGIN_MS,
    app: appOf(connection),
  };
}
