import { randomBytes } from 'node:crypto';
import {
  createApiKey,
  createConnection,
  createWebhookEndpoint,
  ensureProject,
  type RateLimitOverride,
  setConnectionRateLimits,
  setFieldMapping,
} from '@ledgersync/db';
import type { RunningFakeProviders } from '@ledgersync/fake-providers';
import { enqueuePush, type PushTarget, type Queues } from '@ledgersync/jobs';
import { getPushCapabilities } from '@ledgersync/providers';
import { type AccountBody, accountInputSchema, checkAccount, exampleAccountBody } from '@ledgersync/unified';
import { uuidv7 } from './ids.js';
import type { Stack } from './stack.js';

export type BenchProvider = 'quickbooks' | 'xero';

/**
 * The seed's body as one of many: providers refuse a second account with the same name or number,
 * so the n-th account is "Cash n" numbered 100000 + n. Xero has no sub-accounts and maps no
 * custom fields by default, so there the body goes without both, as README's providers table says.
 */
export function nthSeedBody(n: number, provider: BenchProvider, parentAccount?: string): AccountBody {
  const body: AccountBody = exampleAccountBody(provider === 'quickbooks' ? parentAccount : undefined);
  if (provider === 'xero') delete body.field_mappings;
  return { ...body, name: `Cash ${n}`, account_number: String(100_000 + n) };
}

export interface Tenant {
  provider: BenchProvider;
  projectId: string;
  apiKey: string;
  connectionId: string;
  connectionToken: string;
  tenantId: string;
  accessToken: string;
  /** The provider's base URL at the fakes. */
  baseUrl: string;
  fieldMappings: Record<string, string>;
}

/**
 * A connection's own limits set far above anything this machine reaches, as an operator would with
 * `ledgersync connections limits --rate-limit 10000/s --concurrency 1000`: ledgersync otherwise
 * holds QuickBooks connections to the documented 500/min and 10 in flight.
 */
export const UNLIMITED_CONNECTION: RateLimitOverride = { windows: [{ limit: 10_000, periodMs: 1_000 }], concurrency: 1_000 };

export interface TenantOptions {
  provider: BenchProvider;
  /** A webhook endpoint subscribed to the account events: deliveries are part of the pipeline. */
  webhookUrl?: string;
  rateLimits?: RateLimitOverride;
}

/** A project with an API key and one connection to a fake provider, as `ledgersync sandbox` sets up. */
export async function createTenant(stack: Stack, fakes: RunningFakeProviders, options: TenantOptions): Promise<Tenant> {
  const { db } = stack.database;
  const { provider } = options;
  const { project } = await ensureProject(db, `bench-${randomBytes(4).toString('hex')}`);
  const key = await createApiKey(db, project.id, 'bench');
  const fake = fakes.fakes[provider];
  const tenantId = fake.sandbox.newTenantId();
  const tokens = fake.mintTokens(tenantId, { accessTtlSeconds: 24 * 3600 });
  const baseUrl = fakes.baseUrls[provider];
  const { connection, token } = await createConnection(db, stack.cipher, {
    projectId: project.id,
    provider,
    tenantId,
    baseUrl,
    tokenUrl: fakes.tokenUrls[provider],
    credentials: {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
    },
  });
  // The seed's custom fields, sent under the names the create-account suite maps them to.
  const fieldMappings: Record<string, string> = {};
  if (provider === 'quickbooks') {
    for (const [slug, field] of [
      ['custom_field_1', 'AccountAlias'],
      ['custom_field_2', 'TxnLocationType'],
    ] as const) {
      Object.assign(fieldMappings, await setFieldMapping(db, connection.id, slug, field));
    }
  }
  if (options.rateLimits) await setConnectionRateLimits(db, connection.id, options.rateLimits);
  if (options.webhookUrl) {
    await createWebhookEndpoint(db, stack.cipher, {
      projectId: project.id,
      url: options.webhookUrl,
      description: 'bench receiver',
      scope: ['accounting.account.created', 'accounting.account.failed'],
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    });
  }
  return {
    provider,
    projectId: project.id,
    apiKey: key.key,
    connectionId: connection.id,
    connectionToken: token,
    tenantId,
    accessToken: tokens.access_token,
    baseUrl,
    fieldMappings,
  };
}

/**
 * A parent for the seed's `parent_account`: already at QuickBooks (created through its API, as a
 * customer's chart of accounts would be) and recorded as synced, so children push at once.
 * Returns the account id and QuickBooks' id for it.
 */
export async function createSyncedParent(stack: Stack, tenant: Tenant): Promise<{ id: string; remoteId: string }> {
  const response = await fetch(`${tenant.baseUrl}/v3/company/${tenant.tenantId}/account?minorversion=75`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ Name: 'Current Assets', AccountType: 'Other Current Asset', AcctNum: '1' }),
  });
  if (!response.ok) throw new Error(`could not create the parent at the fake: ${response.status} ${await response.text()}`);
  const answer = (await response.json()) as { Account: { Id: string } };
  const id = uuidv7();
  await stack.database.sql`
    insert into accounts (id, project_id, connection_id, name, classification, type, status, account_number, currency,
                          remote_id, remote_data, sync_status, synced_at)
    values (${id}, ${tenant.projectId}, ${tenant.connectionId}, 'Current Assets', 'Asset', 'Current Asset', 'Active', '1', 'USD',
            ${answer.Account.Id}, ${JSON.stringify(answer)}::jsonb, 'synced', now())`;
  return { id, remoteId: answer.Account.Id };
}

const INSERT_CHUNK = 20_000;

/**
 * `count` pending accounts of a tenant, stored exactly as the intake stores them (the body checked
 * and normalised by the same `checkAccount`, the same warnings) but in bulk: the scenarios that
 * need a backlog measure the workers and Redis, not the intake. Returns their ids, oldest first.
 */
export async function insertPendingAccounts(
  stack: Stack,
  tenant: Tenant,
  count: number,
  options: { from?: number; parentAccount?: string } = {},
) {
  const from = options.from ?? 0;
  const sample = nthSeedBody(from, tenant.provider, options.parentAccount);
  const checked = checkAccount(accountInputSchema.parse(sample), getPushCapabilities(tenant.provider, 'account'), tenant.fieldMappings);
  if (checked.issues.length > 0) throw new Error(`the bench body is refused: ${JSON.stringify(checked.issues)}`);
  const { account, warnings } = checked;
  const ids: string[] = [];
  const { sql } = stack.database;
  for (let start = 0; start < count; start += INSERT_CHUNK) {
    const size = Math.min(INSERT_CHUNK, count - start);
    const chunkIds = Array.from({ length: size }, () => uuidv7());
    const names = chunkIds.map((_, i) => `Cash ${from + start + i}`);
    const numbers = chunkIds.map((_, i) => String(100_000 + from + start + i));
    await sql`
      insert into accounts (id, project_id, connection_id, name, description, classification, type, status, current_balance,
                            currency, account_number, parent_account_id, company_info_id, field_mappings, warnings)
      select u.id, ${tenant.projectId}, ${tenant.connectionId}, u.name, ${account.description ?? null}, ${account.classification ?? null},
             ${account.type ?? null}, ${account.status ?? null}, ${account.current_balance ?? null}, ${account.currency ?? null}, u.number,
             ${account.parent_account ?? null}, ${account.company_info_id ?? null},
             ${account.field_mappings ? JSON.stringify(account.field_mappings) : null}::jsonb, ${JSON.stringify(warnings)}::jsonb
      from unnest(${sql.array(chunkIds)}::uuid[], ${sql.array(names)}::text[], ${sql.array(numbers)}::text[]) as u(id, name, number)`;
    ids.push(...chunkIds);
  }
  return ids;
}

/**
 * The push jobs of these accounts, through the product's own `enqueuePush` (what the intake, the
 * sweeper and a retry call), many at once: whatever the intake does when it enqueues, the backlog
 * gets too. Give the accounts with their connection (`{ id, connectionId }`), as the intake does,
 * for the connection's lane to count them.
 */
export async function enqueuePushes(queues: Queues, accounts: readonly PushTarget[], concurrency = 200): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, accounts.length) }, async () => {
      while (next < accounts.length) {
        const account = accounts[next++] as PushTarget;
        await enqueuePush(queues, account);
      }
    }),
  );
}

/** Takes one id from each list in turn, so connections' jobs are interleaved in the queue. */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}
