import type { ConnectionRef } from '@ledgersync/db';
import { findAdapter, type ProviderDescriptor } from '@ledgersync/providers';
import { ApiError } from './errors.js';

/** The descriptor of the connection's provider; a 422 for a provider this build cannot push to. */
export function descriptorOf(connection: ConnectionRef): ProviderDescriptor {
  const adapter = findAdapter(connection.provider);
  if (!adapter) throw new ApiError(422, 'unsupported_provider', `ledgersync cannot push to ${connection.provider}`);
  return adapter.descriptor;
}
