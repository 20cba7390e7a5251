import { randomBytes } from 'node:crypto';
import { projectPullFrequency, recordEvent } from '@ledgersync/db';
import {
  accounts,
  companyInfos,
  connections,
  taxRates,
  trackingCategories,
  webhookDeliveries,
  webhookEndpoints,
} from '@ledgersync/db/schema';
import { decimal } from '@ledgersync/unified';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

// Two projects; every route of the API called with the first project's key and the second's
// identifiers (connection token, account, event, webhook endpoint, field mapping). Each answers as
// if the identifier did not exist — 404, or 401 for a connection token — and never with data.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** The x-connection-token to send, if any. */
  token?: string;
  headers?: Record<string, string>;
  payload?: object;
}

/** Routes not scoped to a project: public (health, docs, metrics), or behind the admin token. */
const UNSCOPED = ['/healthz', '/readyz', '/metrics', '/openapi.json', '/openapi.yaml', '/docs', '/admin', '/sandbox'];

/** `METHOD /pattern` of every route, from Fastify's route tree (HEAD is GET's twin). */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack
      .join('')
      .replace(/\/+/g, '/')
      .replace(/(.)\/$/, '$1');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return [...new Set(routes)];
}

interface Project {
  projectId: string;
  apiKey: string;
  connectionToken: string;
  connectionId: string;
  tenantId: string;
  accountId: string;
  eventId: string;
  webhookId: string;
  webhookSecret: string;
  webhookUrl: string;
  slug: string;
  remoteField: string;
  marker: string;
  /** A record of each object ledgersync only pulls, by its path. */
  pulledIds: Record<string, string>;
}

const PULLED_PATHS = ['companyinfos', 'taxrates', 'trackingcategories'];

async function project(label: string): Promise<Project> {
  const marker = `${label}-${randomBytes(6).toString('hex')}`;
  const { projectId, apiKey } = await h.project(`isolation-${marker}`);
  const connection = await h.connection(projectId);
  const headers = { 'x-api-key': apiKey, 'x-connection-token': connection.connectionToken };
  const webhookUrl = `https://hooks.${marker}.example.com/receive`;
  const hook = await h.app.inject({
    method: 'POST',
    url: '/webhooks',
    headers: { 'x-api-key': apiKey },
    payload: { url: webhookUrl, description: marker, scope: ['accounting.account.created', 'accounting.account.failed'] },
  });
  expect(hook.statusCode).toBe(201);
  const account = await h.app.inject({
    method: 'POST',
    url: '/accounting/accounts',
    headers: { ...headers, 'idempotency-key': `idem-${marker}` },
    payload: { name: `Cash ${marker}`, description: marker, type: 'Bank' },
  });
  expect(account.statusCode).toBe(201);
  const accountId = account.json().id as string;
  // Failed, so that its retry would succeed for its own project.
  await h.db.update(accounts).set({ syncStatus: 'failed' }).where(eq(accounts.id, accountId));
  const event = await recordEvent(h.db, {
    projectId,
    type: 'accounting.account.failed',
    dedupeKey: `${accountId}:failed`,
    object: 'account',
    recordId: accountId,
    payload: { id: accountId, name: `Cash ${marker}` },
  });
  const mappable = await h.app.inject({ method: 'GET', url: '/connection/field_mappings', headers });
  const remoteField = (mappable.json().mappable_fields as string[])[0] ?? '';
  const slug = `slug_${randomBytes(3).toString('hex')}`;
  const mapped = await h.app.inject({
    method: 'PUT',
    url: `/connection/field_mappings/${slug}`,
    headers,
    payload: { remote_field: remoteField },
  });
  expect(mapped.statusCode).toBe(200);
  // The connection's books, as a pull stores them (names carry the marker, so a leak shows; no
  // events, so the event walk below sees only the one recorded here).
  const pulled = { projectId, connectionId: connection.connectionId, direction: 'pull' as const, syncStatus: 'synced' as const };
  await h.db.insert(companyInfos).values({ ...pulled, remoteId: `c-${marker}`, name: `Company ${marker}` });
  await h.db.insert(taxRates).values({ ...pulled, remoteId: `t-${marker}`, description: `Tax ${marker}`, totalTaxRatge: decimal('2000') });
  await h.db.insert(trackingCategories).values({ ...pulled, remoteId: `k-${marker}`, name: `Class ${marker}` });
  const pulledIds: Record<string, string> = {};
  for (const path of PULLED_PATHS) {
    const list = await h.app.inject({ method: 'GET', url: `/accounting/${path}`, headers });
    pulledIds[path] = (list.json().data as { id: string }[])[0]?.id ?? '';
  }
  return {
    pulledIds,
    projectId,
    apiKey,
    connectionToken: connection.connectionToken,
    connectionId: connection.connectionId,
    tenantId: connection.tenantId,
    accountId,
    eventId: event?.eventId ?? '',
    webhookId: hook.json().id_webhook_endpoint,
    webhookSecret: hook.json().secret,
    webhookUrl,
    slug,
    remoteField,
    marker,
  };
}

describe('tenant isolation', () => {
  it("answers every route called with another project's identifiers as if they did not exist", async () => {
    const mine = await project('mine');
    const theirs = await project('theirs');
    const walked = new Set<string>();

    /** One request as `mine`; `route` is the pattern it exercises. Checks no data of `theirs` comes back. */
    async function call(route: string, { method, url, token, headers, payload }: Call) {
      walked.add(route);
      const response = await h.app.inject({
        method,
        url,
        headers: { 'x-api-key': mine.apiKey, ...(token ? { 'x-connection-token': token } : {}), ...headers },
        ...(payload ? { payload } : {}),
      });
      for (const secretOfTheirs of [
        theirs.marker,
        theirs.webhookUrl,
        theirs.webhookSecret.slice(6),
        theirs.tenantId,
        theirs.connectionId,
      ]) {
        expect(response.body, `${route} leaked ${secretOfTheirs}`).not.toContain(secretOfTheirs);
      }
      return response;
    }
    const expectStatus = async (route: string, options: Call, status: number, error: string) => {
      const response = await call(route, options);
      expect(response.statusCode, `${route} → ${response.body}`).toBe(status);
      expect(response.json().error, route).toBe(error);
      return response;
    };

    // Their connection token, with my key: 401 on every route that takes one, like an unknown token.
    const theirToken = theirs.connectionToken;
    await expectStatus(
      'POST /accounting/accounts',
      { method: 'POST', url: '/accounting/accounts', token: theirToken, payload: { name: 'x', type: 'Bank' } },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'GET /accounting/accounts',
      { method: 'GET', url: '/accounting/accounts', token: theirToken },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'GET /accounting/accounts/meta',
      { method: 'GET', url: '/accounting/accounts/meta', token: theirToken },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'GET /accounting/accounts/:id',
      { method: 'GET', url: `/accounting/accounts/${theirs.accountId}`, token: theirToken },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'POST /accounting/accounts/:id/retry',
      { method: 'POST', url: `/accounting/accounts/${theirs.accountId}/retry`, token: theirToken },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'GET /connection/field_mappings',
      { method: 'GET', url: '/connection/field_mappings', token: theirToken },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'PUT /connection/field_mappings/:slug',
      { method: 'PUT', url: `/connection/field_mappings/${theirs.slug}`, token: theirToken, payload: { remote_field: theirs.remoteField } },
      401,
      'invalid_connection_token',
    );
    await expectStatus(
      'DELETE /connection/field_mappings/:slug',
      { method: 'DELETE', url: `/connection/field_mappings/${theirs.slug}`, token: theirToken },
      401,
      'invalid_connection_token',
    );

    // My own token, their ids: 404.
    const myToken = mine.connectionToken;
    await expectStatus(
      'GET /accounting/accounts/:id',
      { method: 'GET', url: `/accounting/accounts/${theirs.accountId}`, token: myToken },
      404,
      'not_found',
    );
    await expectStatus(
      'POST /accounting/accounts/:id/retry',
      { method: 'POST', url: `/accounting/accounts/${theirs.accountId}/retry`, token: myToken },
      404,
      'not_found',
    );
    await expectStatus(
      'DELETE /connection/field_mappings/:slug',
      { method: 'DELETE', url: `/connection/field_mappings/${theirs.slug}`, token: myToken },
      404,
      'not_found',
    );
    // Their account as my parent: refused as an account this connection does not have.
    const parent = await expectStatus(
      'POST /accounting/accounts',
      {
        method: 'POST',
        url: '/accounting/accounts',
        token: myToken,
        payload: { name: 'Child', type: 'Bank', parent_account: theirs.accountId },
      },
      422,
      'unprocessable_account',
    );
    expect(parent.json().details).toEqual([
      expect.objectContaining({ field: 'parent_account', message: `no account ${theirs.accountId} on this connection` }),
    ]);
    // Their Idempotency-Key is a fresh one in my project: neither their answer replayed nor a conflict.
    const sameKey = await call('POST /accounting/accounts', {
      method: 'POST',
      url: '/accounting/accounts',
      token: myToken,
      headers: { 'idempotency-key': `idem-${theirs.marker}` },
      payload: { name: 'Other', type: 'Bank' },
    });
    expect(sameKey.statusCode).toBe(201);
    expect(sameKey.headers['idempotent-replayed']).toBeUndefined();
    // My lists hold only mine.
    const list = await call('GET /accounting/accounts', { method: 'GET', url: '/accounting/accounts?limit=100', token: myToken });
    expect(list.json().data.map((a: { id: string }) => a.id)).not.toContain(theirs.accountId);
    const meta = await call('GET /accounting/accounts/meta', { method: 'GET', url: '/accounting/accounts/meta', token: myToken });
    expect(meta.statusCode).toBe(200);
    const mappings = await call('GET /connection/field_mappings', { method: 'GET', url: '/connection/field_mappings', token: myToken });
    expect(mappings.json().mappings.map((m: { slug: string }) => m.slug)).toEqual([mine.slug]);
    const myMapping = await call('PUT /connection/field_mappings/:slug', {
      method: 'PUT',
      url: `/connection/field_mappings/${theirs.slug}`,
      token: myToken,
      payload: { remote_field: theirs.remoteField },
    });
    expect(myMapping.statusCode).toBe(200);

    // The objects only pulled: their token answers 401, their ids 404, my lists hold only mine.
    for (const path of PULLED_PATHS) {
      await expectStatus(
        `GET /accounting/${path}`,
        { method: 'GET', url: `/accounting/${path}`, token: theirToken },
        401,
        'invalid_connection_token',
      );
      await expectStatus(
        `GET /accounting/${path}/:id`,
        { method: 'GET', url: `/accounting/${path}/${theirs.pulledIds[path]}`, token: myToken },
        404,
        'not_found',
      );
      const listed = await call(`GET /accounting/${path}`, { method: 'GET', url: `/accounting/${path}`, token: myToken });
      expect(listed.json().data.map((r: { id: string }) => r.id)).toEqual([mine.pulledIds[path]]);
    }
    // /sync: about my connection and my project only.
    await expectStatus('POST /sync/resync', { method: 'POST', url: '/sync/resync', token: theirToken }, 401, 'invalid_connection_token');
    await expectStatus(
      'GET /sync/status/:vertical',
      { method: 'GET', url: '/sync/status/accounting', token: theirToken },
      401,
      'invalid_connection_token',
    );
    expect((await call('POST /sync/resync', { method: 'POST', url: '/sync/resync', token: myToken })).statusCode).toBe(201);
    expect((await call('GET /sync/status/:vertical', { method: 'GET', url: '/sync/status/accounting', token: myToken })).statusCode).toBe(
      200,
    );
    const frequency = await call('POST /sync/pull_frequencies', {
      method: 'POST',
      url: '/sync/pull_frequencies',
      payload: { accounting: 600 },
    });
    expect(frequency.statusCode).toBe(201);
    expect((await call('GET /sync/pull_frequencies', { method: 'GET', url: '/sync/pull_frequencies' })).json().accounting).toBe(600);
    expect(await projectPullFrequency(h.db, theirs.projectId)).toBe(900);

    // Events: theirs are not listed, read or replayed; my replay cannot target their endpoint.
    const events = await call('GET /events', { method: 'GET', url: '/events?limit=100' });
    expect(events.json().data.map((e: { id: string }) => e.id)).toEqual([mine.eventId]);
    await expectStatus('GET /events/:id', { method: 'GET', url: `/events/${theirs.eventId}` }, 404, 'not_found');
    await expectStatus(
      'POST /events/:id/replay',
      { method: 'POST', url: `/events/${theirs.eventId}/replay`, payload: {} },
      404,
      'not_found',
    );
    await expectStatus(
      'POST /events/:id/replay',
      { method: 'POST', url: `/events/${mine.eventId}/replay`, payload: { endpoint_id: theirs.webhookId } },
      422,
      'no_endpoint',
    );

    // Webhook endpoints: theirs are not listed, changed, rotated or deleted.
    const hooks = await call('GET /webhooks', { method: 'GET', url: '/webhooks' });
    expect(hooks.json().map((w: { id_webhook_endpoint: string }) => w.id_webhook_endpoint)).toEqual([mine.webhookId]);
    await expectStatus(
      'PUT /webhooks/:id',
      { method: 'PUT', url: `/webhooks/${theirs.webhookId}`, payload: { active: false } },
      404,
      'not_found',
    );
    await expectStatus(
      'POST /webhooks/:id/rotate_secret',
      { method: 'POST', url: `/webhooks/${theirs.webhookId}/rotate_secret`, payload: {} },
      404,
      'not_found',
    );
    await expectStatus('DELETE /webhooks/:id', { method: 'DELETE', url: `/webhooks/${theirs.webhookId}` }, 404, 'not_found');
    const created = await call('POST /webhooks', {
      method: 'POST',
      url: '/webhooks',
      payload: { url: 'https://mine.example.com/hooks', scope: ['accounting.account.created'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().id_project).toBe(mine.projectId);

    // Nothing of theirs moved: their account still failed, mapping intact, endpoint active with its
    // secret, no delivery of my event to their endpoint.
    const [theirAccount] = await h.db.select().from(accounts).where(eq(accounts.id, theirs.accountId));
    expect(theirAccount?.syncStatus).toBe('failed');
    const [theirConnection] = await h.db.select().from(connections).where(eq(connections.id, theirs.connectionId));
    expect(theirConnection?.fieldMappings).toEqual({ [theirs.slug]: theirs.remoteField });
    const [theirEndpoint] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, theirs.webhookId));
    expect(theirEndpoint?.active).toBe(true);
    expect(h.cipher.decrypt(theirEndpoint?.secret ?? '')).toBe(theirs.webhookSecret);
    expect(theirEndpoint?.previousSecret).toBeNull();
    const toTheirEndpoint = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, theirs.webhookId));
    expect(toTheirEndpoint.map((d) => d.eventId)).toEqual([theirs.eventId]);

    // Every project-scoped route was walked: a new route fails this test until it is added here.
    const scoped = routesOf(h.app.printRoutes({ commonPrefix: false })).filter(
      (route) => !UNSCOPED.some((prefix) => route.split(' ')[1]?.startsWith(prefix)),
    );
    expect(scoped.length).toBeGreaterThan(10);
    expect([...walked].sort()).toEqual(scoped.sort());
  });

  it('answers a well-formed but unknown or revoked API key with 401 on every scoped route', async () => {
    const unknownKey = `lsk_${'A'.repeat(8)}_${'B'.repeat(32)}`;
    for (const [method, url] of [
      ['GET', '/accounting/accounts'],
      ['GET', '/events'],
      ['GET', '/webhooks'],
      ['GET', '/connection/field_mappings'],
      ['GET', '/accounting/taxrates'],
      ['GET', '/sync/pull_frequencies'],
    ] as const) {
      const response = await h.app.inject({ method, url, headers: { 'x-api-key': unknownKey } });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error).toBe('unauthorized');
    }
  });
});
