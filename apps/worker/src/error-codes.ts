import type { ProviderError } from '@ledgersync/providers';

/** The stable code a provider's error shows as, in a record's `sync.last_error` and a pull's `last_error`. */
export function providerErrorCode(error: ProviderError): string {
  return (
    {
      RateLimited: 'rate_limited',
      ProviderUnavailable: 'provider_unavailable',
      ProviderRejected: 'provider_rejected',
      CredentialsExpired: 'credentials_expired',
      ConnectionRevoked: 'connection_invalid',
      UnexpectedResponse: 'unexpected_response',
    }[error.name] ?? 'provider_error'
  );
}
