import type { ConnectionRef } from '@ledgersync/db';
import { findDescriptor, findPushCapabilities, type ObjectTypes, type PushedObject, type ProviderDescriptor } from '@ledgersync/providers';
import { ApiError } from './errors.js';

/** The descriptor of the connection's provider; a 422 for a provider this build cannot push to. */
export function descriptorOf(connection: ConnectionRef): ProviderDescriptor {
  const descriptor = findDescriptor(connection.provider);
  if (!descriptor) throw new ApiError(422, 'unsupported_provider', `ledgersync cannot push to ${connection.provider}`);
  return descriptor;
}

/**
 * What the connection's provider checks a push of `object` against, for the connection's company
 * where the provider's limits depend on it (QuickBooks' AcctNum by country); a 422 when it does
 * not take that object.
 */
export function pushCapabilitiesOf<O extends PushedObject>(connection: ConnectionRef, object: O): ObjectTypes[O]['push'] {
  const capabilities = findPushCapabilities(connection.provider, object);
  if (!capabilities) throw new ApiError(422, 'unsupported_provider', `ledgersync cannot push to ${connection.provider}`);
  const forCompany = capabilities.forCompany?.({ country: connection.companyCountry });
  return (forCompany ?? capabilities) as ObjectTypes[O]['push'];
}
