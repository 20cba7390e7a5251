import { accounts } from '@ledgersync/db/schema';
import { PROVIDER_SLUGS } from '@ledgersync/providers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

// What `GET /accounting/accounts/meta` says, checked against what the intake and the push do, for
// every provider: a refused field is a 422 naming it, an ignored one a warning, a sent one reaches
// the provider.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Meta {
  provider: string;
  required: string[];
  sent: string[];
  ignored: string[];
  rejected: string[];
  vocabularies: { type: string[] };
}

// A value for each unified field, consistent with the base body (an expense account numbered 6061).
const VALUES: Record<string, unknown> = {
  type: 'Expense',
  description: 'Office supplies bought for the team',
  classification: 'Expense',
  status: 'Active',
  current_balance: 250,
  currency: 'USD',
  parent_account: '801f9ede-c698-4e66-a7fc-48d19eebaa4f',
  company_info_id: '801f9ede-c698-4e66-a7fc-48d19eebaa4f',
};

const fieldsOf = (response: { json(): { details?: { field: string }[] } }) => (response.json().details ?? []).map((d) => d.field);

describe.each(PROVIDER_SLUGS)('%s: meta agrees with intake and push', (provider) => {
  let t: Awaited<ReturnType<Harness['tenant']>>;
  let meta: Meta;
  // Each body its own name and number: the ones accepted are pushed, and providers refuse duplicates.
  let serial = 0;
  const base = (): Record<string, unknown> => {
    serial += 1;
    return {
      name: `Supplies ${serial}`,
      type: meta.vocabularies.type.includes('Expense') ? 'Expense' : meta.vocabularies.type[0],
      ...(meta.required.includes('account_number') ? { account_number: String(6100 + serial) } : {}),
    };
  };

  beforeAll(async () => {
    t = await h.tenant(undefined, provider);
    const response = await h.app.inject({
      method: 'GET',
      url: '/accounting/accounts/meta',
      headers: { 'x-api-key': t.apiKey, 'x-connection-token': t.connectionToken },
    });
    expect(response.statusCode).toBe(200);
    meta = response.json();
    expect(meta.provider).toBe(provider);
  });

  it('refuses a body without each required field, naming it', async () => {
    for (const field of meta.required) {
      const body = base();
      delete body[field];
      const response = await h.postAccount(t, body);
      expect(response.statusCode, field).toBe(422);
      expect(fieldsOf(response)).toContain(field);
    }
  });

  it('refuses each rejected field and an unknown type, naming them and the accepted values', async () => {
    for (const field of meta.rejected) {
      const response = await h.postAccount(t, { ...base(), [field]: VALUES[field] });
      expect(response.statusCode, field).toBe(422);
      expect(fieldsOf(response)).toContain(field);
    }
    const badType = await h.postAccount(t, { ...base(), type: 'Made Up' });
    expect(badType.statusCode).toBe(422);
    expect(badType.json().details).toContainEqual(expect.objectContaining({ field: 'type', accepted: meta.vocabularies.type }));
    const unmapped = await h.postAccount(t, { ...base(), field_mappings: { custom_field_1: 'x' } });
    expect(unmapped.statusCode).toBe(422);
    expect(fieldsOf(unmapped)).toEqual(['field_mappings.custom_field_1']);
  });

  it('accepts each ignored field with a warning on the account', async () => {
    for (const field of meta.ignored) {
      const response = await h.postAccount(t, { ...base(), [field]: VALUES[field] });
      expect(response.statusCode, field).toBe(201);
      expect(response.json().warnings.map((w: { field: string }) => w.field)).toContain(field);
    }
  });

  it('pushes a body with every sent field, and the provider takes it', async () => {
    const body = base();
    for (const field of meta.sent) if (field !== 'parent_account' && field !== 'account_number' && field in VALUES) body[field] = VALUES[field];
    body.account_number ??= String(6100 + serial);
    const response = await h.postAccount(t, body);
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    const row = await waitFor(`the ${provider} push to settle`, async () => {
      const [current] = await h.db.select().from(accounts).where(eq(accounts.id, id));
      return current && current.syncStatus !== 'pending' && current.syncStatus !== 'pushing' ? current : undefined;
    });
    expect(row.lastError).toBeNull();
    expect(row.syncStatus).toBe('synced');
    expect(row.remoteId).toBeTruthy();
  });
});
