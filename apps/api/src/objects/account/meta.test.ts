import type { ConnectionRef } from '@ledgersync/db';
import { getDescriptor, PROVIDER_SLUGS } from '@ledgersync/providers';
import { describe, expect, it } from 'vitest';
import { accountsMeta } from './meta.js';

const connectionTo = (provider: string, companyCountry: string | null = null): ConnectionRef => ({
  id: '5a0f8d4e-2b1c-4d3e-9f6a-7b8c9d0e1f2a',
  projectId: '1e2d3c4b-5a69-4788-96a5-b4c3d2e1f0a9',
  provider,
  tenantId: 'tenant-1',
  status: 'active',
  fieldMappings: { vendor_code: 'ReportingCode' },
  companyCountry,
});

// Clients read `GET /accounting/accounts/meta` to decide what to send: its answer for every
// provider is kept as text, so a change to how providers describe themselves cannot change it.
describe('GET /accounting/accounts/meta answers', () => {
  it.each(PROVIDER_SLUGS)('%s: the same JSON as recorded', async (provider) => {
    // Company country unknown: a provider whose limits depend on it shows its strictest.
    const connection = connectionTo(provider);
    const text = JSON.stringify(accountsMeta(getDescriptor(provider), connection), null, 2);
    await expect(`${text}\n`).toMatchFileSnapshot(`./__snapshots__/meta.${provider}.json`);
  });
});

describe("GET /accounting/accounts/meta for a connection's company", () => {
  it.each([
    [null, 7],
    ['US', 7],
    ['GB', 7],
    ['AU', 20],
    ['ca', 20],
    ['DE', 7],
  ])('QuickBooks, company country %s: account_number max_length %i', (companyCountry, max) => {
    const meta = accountsMeta(getDescriptor('quickbooks'), connectionTo('quickbooks', companyCountry));
    expect(meta.fields.account_number).toEqual({ support: 'sent', max_length: max });
  });
});
