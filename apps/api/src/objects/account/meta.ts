import type { ConnectionRef } from '@ledgersync/db';
import { formatRateWindow } from '@ledgersync/jobs';
import type { ProviderDescriptor } from '@ledgersync/providers';
import { ACCOUNT_STATUSES, type AccountField, CLASSIFICATIONS, type FieldSupport } from '@ledgersync/unified';
import { pushCapabilitiesOf } from '../../provider.js';

/**
 * What a client may send to this connection's provider, read from the same registry data the intake
 * checks against, the descriptor's `objects.account.push` (as Merge's `/meta` and Codat's push
 * options do): which fields are required, sent, ignored (stored and reported, not sent), rejected,
 * and which words each vocabulary accepts.
 */
export function accountsMeta(descriptor: ProviderDescriptor, connection: ConnectionRef) {
  const caps = pushCapabilitiesOf(connection, 'account');
  const entries = Object.entries(caps.fields) as [AccountField, FieldSupport][];
  const having = (support: FieldSupport) => entries.filter(([, s]) => s === support).map(([field]) => field);
  return {
    provider: descriptor.slug,
    provider_name: descriptor.displayName,
    fields: Object.fromEntries(
      entries.map(([field, support]) => {
        const max = caps.maxLength[field as keyof typeof caps.maxLength];
        return [field, { support, ...(max ? { max_length: max } : {}) }];
      }),
    ),
    required: having('required'),
    sent: having('sent'),
    ignored: having('ignored'),
    rejected: having('rejected'),
    stored: having('stored'),
    vocabularies: { type: caps.types, classification: CLASSIFICATIONS, status: caps.statuses ?? ACCOUNT_STATUSES },
    ...(caps.forbiddenNameCharacters ? { forbidden_name_characters: caps.forbiddenNameCharacters } : {}),
    field_mappings: { mapped: connection.fieldMappings, mappable_fields: descriptor.mappableFields },
    rate_limits: {
      windows: descriptor.rateLimits.windows.map(formatRateWindow),
      ...(descriptor.rateLimits.concurrency ? { concurrency: descriptor.rateLimits.concurrency } : {}),
    },
    idempotency: descriptor.idempotency.kind === 'none' ? 'lookup_before_retry' : descriptor.idempotency.name,
  };
}
