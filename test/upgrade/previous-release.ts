import { createHash } from 'node:crypto';
import postgres from 'postgres';

/**
 * The data an install of the release before issue 17 holds (migrations up to 0004_exact_money),
 * written in that release's schema with fixed ids and times, so the API's answers about it can be
 * compared byte for byte across the upgrade: accounts in every sync state (with parents), events,
 * deliveries with attempts, an Idempotency-Key record.
 */
export const PREVIOUS_RELEASE_MIGRATION = '0004_exact_money';

const id = (n: number) => `01940000-0000-7000-8000-${String(n).padStart(12, '0')}`;
export const PROJECT_ID = id(1);
export const OTHER_PROJECT_ID = id(2);
export const CONNECTION_ID = id(10);
export const ENDPOINT_ID = id(20);
export const IDEMPOTENCY_KEY = 'upgrade-petty-cash';
/** The body the Idempotency-Key record answers (sent again to replay it). */
export const IDEMPOTENT_BODY = { name: 'Petty cash', type: 'Bank' };

export const ACCOUNT = {
  syncedRoot: id(101),
  syncedChild: id(102),
  pendingChild: id(103),
  pushing: id(104),
  failed: id(105),
  childOfFailed: id(106),
  pendingRich: id(107),
  idempotent: id(108),
  otherConnection: id(109),
} as const;
export const EVENT = { createdRoot: id(201), createdChild: id(202), failed: id(203), connectionInvalid: id(204) } as const;
const DELIVERY = { createdRoot: id(301), createdChild: id(302), failed: id(303), connectionInvalid: id(304) } as const;

const at = (second: number) => new Date(Date.UTC(2025, 0, 2, 3, 4, second, 678)).toISOString();

interface OldAccount {
  id: string;
  connection?: string;
  name: string;
  description?: string | null;
  type: string | null;
  classification?: string | null;
  status?: string | null;
  balance?: string | null;
  currency?: string | null;
  number?: string | null;
  parent?: string | null;
  companyInfo?: string | null;
  fieldMappings?: Record<string, unknown> | null;
  remoteId?: string | null;
  remoteData?: unknown;
  syncStatus: 'pending' | 'pushing' | 'synced' | 'failed';
  attempts: number;
  lastError?: { code: string; message: string; provider_code?: string } | null;
  warnings?: unknown[];
  lastAttemptAt?: string | null;
  syncedAt?: string | null;
  created: number;
  modified: number;
}

const ACCOUNTS: OldAccount[] = [
  {
    id: ACCOUNT.syncedRoot,
    name: 'Bank',
    type: 'Bank',
    classification: 'Asset',
    status: 'Active',
    balance: '99999999999999.98',
    currency: 'USD',
    number: '1000',
    remoteId: '41',
    remoteData: { Account: { Id: '41', Name: 'Bank', CurrentBalance: 99999999999999.98, SyncToken: '0' } },
    syncStatus: 'synced',
    attempts: 1,
    lastAttemptAt: at(2),
    syncedAt: at(3),
    created: 1,
    modified: 3,
  },
  {
    id: ACCOUNT.syncedChild,
    name: 'Bank:Savings',
    type: 'Bank',
    classification: 'Asset',
    parent: ACCOUNT.syncedRoot,
    remoteId: '42',
    remoteData: { Account: { Id: '42', Name: 'Savings', ParentRef: { value: '41' } } },
    syncStatus: 'synced',
    attempts: 3,
    lastAttemptAt: at(6),
    syncedAt: at(7),
    created: 4,
    modified: 7,
  },
  { id: ACCOUNT.pendingChild, name: 'Bank:Petty', type: 'Bank', parent: ACCOUNT.syncedRoot, syncStatus: 'pending', attempts: 0, created: 8, modified: 8 },
  {
    id: ACCOUNT.pushing,
    name: 'Receivables',
    type: 'Accounts Receivable',
    syncStatus: 'pushing',
    attempts: 2,
    lastError: { code: 'provider_unavailable', message: 'quickbooks answered 503' },
    lastAttemptAt: at(11),
    created: 9,
    modified: 11,
  },
  {
    id: ACCOUNT.failed,
    name: 'Duplicate',
    type: 'Expense',
    classification: 'Expense',
    syncStatus: 'failed',
    attempts: 8,
    lastError: { code: 'provider_rejected', message: 'Duplicate Name Exists Error', provider_code: '6240' },
    lastAttemptAt: at(14),
    created: 12,
    modified: 14,
  },
  { id: ACCOUNT.childOfFailed, name: 'Duplicate:Child', type: 'Expense', parent: ACCOUNT.failed, syncStatus: 'pending', attempts: 0, created: 15, modified: 15 },
  {
    id: ACCOUNT.pendingRich,
    name: 'Opening balances',
    type: 'Equity',
    description: 'with every field',
    status: 'Active',
    balance: '-0.10',
    currency: 'EUR',
    number: '3000-01',
    companyInfo: 'company-1',
    fieldMappings: { tax_code: 'TX', nested: { a: [1, 2.50, null] } },
    warnings: [{ field: 'description', code: 'not_sent', message: 'QuickBooks has no place for description: stored, not sent' }],
    syncStatus: 'pending',
    attempts: 0,
    created: 16,
    modified: 16,
  },
  { id: ACCOUNT.idempotent, name: 'Petty cash', type: 'Bank', syncStatus: 'pending', attempts: 0, created: 17, modified: 17 },
];

/** The Idempotency-Key record's answer: the account as the API answered its create. */
function idempotentAnswer() {
  return {
    id: ACCOUNT.idempotent,
    name: 'Petty cash',
    description: null,
    classification: null,
    type: 'Bank',
    status: null,
    current_balance: null,
    currency: null,
    account_number: null,
    parent_account: null,
    company_info_id: null,
    field_mappings: null,
    remote_id: null,
    remote_data: null,
    created_at: at(17),
    modified_at: at(17),
    sync: { status: 'pending', attempts: 0, last_error: null, last_attempt_at: null, synced_at: null },
    warnings: [],
  };
}

/** The intake's fingerprint of a request (apps/api/src/routes/records/idempotency.ts). */
function requestHash(connectionId: string, parts: unknown): string {
  const canonical = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
  };
  return createHash('sha256').update(canonical({ connectionId, parts })).digest('hex');
}

/**
 * Writes the previous release's data with its own schema. `connectionCiphertext` is any credential
 * ciphertext (the upgrade test runs no push, so it is never decrypted).
 */
export async function seedPreviousRelease(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`insert into projects (id, name, created_at) values (${PROJECT_ID}, 'upgrade', ${at(0)}), (${OTHER_PROJECT_ID}, 'upgrade-other', ${at(0)})`;
      const otherConnection = id(11);
      for (const [connection, project, tenant] of [
        [CONNECTION_ID, PROJECT_ID, 'realm-1'],
        [otherConnection, PROJECT_ID, 'realm-2'],
      ] as const) {
        await tx`insert into connections (id, project_id, provider, tenant_id, base_url, token_url, credentials, created_at, modified_at)
                 values (${connection}, ${project}, 'quickbooks', ${tenant}, 'http://127.0.0.1:9/quickbooks', 'http://127.0.0.1:9/token', 'not-decrypted', ${at(0)}, ${at(0)})`;
      }
      const rows = [...ACCOUNTS, { id: ACCOUNT.otherConnection, connection: otherConnection, name: 'Elsewhere', type: 'Bank', syncStatus: 'pending', attempts: 0, created: 18, modified: 18 } as OldAccount];
      for (const a of rows) {
        await tx`insert into accounts (id, project_id, connection_id, name, description, classification, type, status, current_balance, currency,
                   account_number, parent_account_id, company_info_id, field_mappings, remote_id, remote_data, sync_status, sync_attempts,
                   last_error, warnings, last_attempt_at, synced_at, created_at, modified_at)
                 values (${a.id}, ${PROJECT_ID}, ${a.connection ?? CONNECTION_ID}, ${a.name}, ${a.description ?? null},
                   ${a.classification ?? null}, ${a.type}, ${a.status ?? null}, ${a.balance ?? null}::numeric, ${a.currency ?? null}, ${a.number ?? null},
                   ${a.parent ?? null}, ${a.companyInfo ?? null}, ${a.fieldMappings === undefined || a.fieldMappings === null ? null : JSON.stringify(a.fieldMappings)}::jsonb,
                   ${a.remoteId ?? null}, ${a.remoteData === undefined ? null : JSON.stringify(a.remoteData)}::jsonb, ${a.syncStatus}, ${a.attempts},
                   ${a.lastError ? JSON.stringify(a.lastError) : null}::jsonb, ${JSON.stringify(a.warnings ?? [])}::jsonb,
                   ${a.lastAttemptAt ?? null}, ${a.syncedAt ?? null}, ${at(a.created)}, ${at(a.modified)})`;
      }
      await tx`insert into webhook_endpoints (id, project_id, url, description, scope, secret, active, created_at, modified_at)
               values (${ENDPOINT_ID}, ${PROJECT_ID}, 'http://127.0.0.1:9/hooks', 'upgrade receiver',
                       ${['accounting.account.created', 'accounting.account.failed', 'connection.invalid']}, 'not-decrypted', true, ${at(0)}, ${at(0)})`;
      const payload = (accountId: string) => ({ id: accountId, name: `payload of ${accountId}`, current_balance: 99999999999999.98, sync: { status: 'synced' } });
      const events: [string, string, string, string | null, unknown, number][] = [
        [EVENT.createdRoot, 'accounting.account.created', `${ACCOUNT.syncedRoot}:created`, ACCOUNT.syncedRoot, payload(ACCOUNT.syncedRoot), 3],
        [EVENT.createdChild, 'accounting.account.created', `${ACCOUNT.syncedChild}:created`, ACCOUNT.syncedChild, payload(ACCOUNT.syncedChild), 7],
        [EVENT.failed, 'accounting.account.failed', `${ACCOUNT.failed}:failed:8`, ACCOUNT.failed, { id: ACCOUNT.failed, sync: { status: 'failed' } }, 14],
        [
          EVENT.connectionInvalid,
          'connection.invalid',
          `${CONNECTION_ID}:invalid:1735787045678`,
          null,
          { id: CONNECTION_ID, provider: 'quickbooks', tenant_id: 'realm-1', status: 'invalid', reason: 'refresh token revoked' },
          19,
        ],
      ];
      for (const [eventId, type, dedupeKey, accountId, body, second] of events) {
        // Written as text so the payload's numbers keep their digits, as the release wrote them.
        await tx`insert into events (id, project_id, type, dedupe_key, account_id, payload, created_at)
                 values (${eventId}, ${PROJECT_ID}, ${type}, ${dedupeKey}, ${accountId}, ${JSON.stringify(body)}::jsonb, ${at(second)})`;
      }
      const deliveries: [string, string, string, number, number | null, string | null, string | null, number][] = [
        [DELIVERY.createdRoot, EVENT.createdRoot, 'delivered', 1, 200, null, at(4), 4],
        [DELIVERY.createdChild, EVENT.createdChild, 'pending', 0, null, null, null, 8],
        [DELIVERY.failed, EVENT.failed, 'failed', 2, 500, 'endpoint answered 500', null, 16],
        [DELIVERY.connectionInvalid, EVENT.connectionInvalid, 'pending', 1, null, 'connect ECONNREFUSED', null, 20],
      ];
      for (const [deliveryId, eventId, status, attempts, code, error, deliveredAt, second] of deliveries) {
        await tx`insert into webhook_deliveries (id, project_id, event_id, endpoint_id, status, attempts, last_status_code, last_error, delivered_at, created_at, modified_at)
                 values (${deliveryId}, ${PROJECT_ID}, ${eventId}, ${ENDPOINT_ID}, ${status}, ${attempts}, ${code}, ${error}, ${deliveredAt}, ${at(second)}, ${at(second)})`;
        for (let attempt = 1; attempt <= attempts; attempt++) {
          await tx`insert into delivery_attempts (id, delivery_id, attempt, status_code, error, duration_ms, response_excerpt, created_at)
                   values (${id(400 + Number(deliveryId.slice(-3)) * 10 + attempt)}, ${deliveryId}, ${attempt}, ${code}, ${error}, ${40 + attempt}, ${code ? `answer ${attempt}` : null}, ${at(second + attempt)})`;
        }
      }
      await tx`insert into idempotency_keys (project_id, key, request_hash, status, locked_until, response_status, response_body, created_at, expires_at)
               values (${PROJECT_ID}, ${IDEMPOTENCY_KEY}, ${requestHash(CONNECTION_ID, { body: IDEMPOTENT_BODY, includeRemoteData: false })}, 'completed',
                       ${at(17)}, 201, ${JSON.stringify(idempotentAnswer())}::jsonb, ${at(17)}, '2999-01-01T00:00:00.000Z')`;
    });
  } finally {
    await sql.end();
  }
}

/** What was asked and what came back. */
export interface Answer {
  request: string;
  status: number;
  headers?: Record<string, string>;
  body: string;
}

interface Injector {
  inject(options: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: object }): Promise<{
    statusCode: number;
    body: string;
    headers: Record<string, unknown>;
  }>;
}

/** An error's `request_id` names the request, new each time: the one part of an answer that differs by design. */
const withoutRequestId = (body: string) => body.replace(/"request_id":"req_[0-9a-f-]+"/g, '"request_id":"req_…"');

/** The reads a client makes about the seeded data: accounts (list, pages, one by one, with and without remote_data) and events. */
export async function readAnswers(app: Injector, credentials: { apiKey: string; connectionToken: string }): Promise<Answer[]> {
  const answers: Answer[] = [];
  const headers = { 'x-api-key': credentials.apiKey, 'x-connection-token': credentials.connectionToken };
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers });
    answers.push({ request: `GET ${url}`, status: response.statusCode, body: withoutRequestId(response.body) });
    return response;
  };
  await get('/accounting/accounts');
  await get('/accounting/accounts?remote_data=true');
  let page = await get('/accounting/accounts?limit=3');
  for (let cursor = (JSON.parse(page.body) as { next_cursor?: string | null }).next_cursor; cursor; ) {
    page = await get(`/accounting/accounts?limit=3&cursor=${encodeURIComponent(cursor)}`);
    cursor = (JSON.parse(page.body) as { next_cursor?: string | null }).next_cursor;
  }
  for (const accountId of [...Object.values(ACCOUNT)]) {
    await get(`/accounting/accounts/${accountId}`);
    await get(`/accounting/accounts/${accountId}?remote_data=true`);
  }
  await get('/events');
  await get('/events?limit=2');
  for (const type of ['accounting.account.created', 'accounting.account.failed', 'connection.invalid']) await get(`/events?type=${type}`);
  for (const eventId of Object.values(EVENT)) await get(`/events/${eventId}`);
  return answers;
}

/** The Idempotency-Key replay of the seeded create. */
export async function replayIdempotentCreate(app: Injector, credentials: { apiKey: string; connectionToken: string }): Promise<Answer> {
  const response = await app.inject({
    method: 'POST',
    url: '/accounting/accounts',
    headers: { 'x-api-key': credentials.apiKey, 'x-connection-token': credentials.connectionToken, 'idempotency-key': IDEMPOTENCY_KEY },
    payload: IDEMPOTENT_BODY,
  });
  return {
    request: `POST /accounting/accounts (Idempotency-Key ${IDEMPOTENCY_KEY})`,
    status: response.statusCode,
    headers: { 'idempotent-replayed': String(response.headers['idempotent-replayed']) },
    body: response.body,
  };
}

/** Replays an event (it changes the deliveries' state: asked last). */
export async function replayEvent(app: Injector, credentials: { apiKey: string }): Promise<Answer> {
  const url = `/events/${EVENT.createdRoot}/replay`;
  const response = await app.inject({ method: 'POST', url, headers: { 'x-api-key': credentials.apiKey } });
  return { request: `POST ${url}`, status: response.statusCode, body: response.body };
}
